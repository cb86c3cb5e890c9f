"""API tokens in the admin: each user makes, names and revokes their own; the key is
shown once, on the page that follows its creation, and never stored (only its hash)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

from articles.models import ApiToken
from articles.models.tokens import INGEST_PERMISSION

NO_INGEST = "لا يُمنح حق رفع الصفحات إلا لمفتاح مستخدم يملك صلاحية الاستيراد (المحررون)."


class ApiTokenForm(forms.ModelForm):
    revoke = forms.BooleanField(
        label="ألغِ هذا المفتاح",
        required=False,
        help_text="لا يقبل المفتاح بعد إلغائه أي طلب، ولا يعود صالحاً.",
    )

    class Meta:
        model = ApiToken
        fields = ("name", "can_ingest")

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if owner is not None and not owner.has_perm(INGEST_PERMISSION):
            self.fields["can_ingest"].disabled = True
            self.fields["can_ingest"].help_text = NO_INGEST
        if not self.instance.pk or not self.instance.is_active:
            del self.fields["revoke"]

    def clean_can_ingest(self):
        value = self.cleaned_data.get("can_ingest")
        if value and (self.owner is None or not self.owner.has_perm(INGEST_PERMISSION)):
            raise forms.ValidationError(NO_INGEST)
        return value


class StateFilter(admin.SimpleListFilter):
    title = "الحالة"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("active", "صالحة"), ("revoked", "ملغاة"))

    def queryset(self, request, queryset):
        if self.value() in ("active", "revoked"):
            return queryset.filter(revoked_at__isnull=self.value() == "active")
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ("name", "user", "prefix", "state", "can_ingest", "created_at", "last_used_at")
    list_filter = (StateFilter, "can_ingest")
    list_select_related = ("user",)
    search_fields = ("name", "prefix")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_tokens",)

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "can_ingest")
        return (
            "name",
            "user",
            "prefix",
            "can_ingest",
            "created_at",
            "last_used_at",
            "revoked_at",
            "revoke",
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        owner = obj.user if obj is not None else request.user
        form = super().get_form(request, obj, change=change, **kwargs)

        class OwnedForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, owner=owner, **inner)

        return OwnedForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or request.user.is_superuser or obj.user_id == request.user.pk
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or request.user.is_superuser or obj.user_id == request.user.pk
        )

    @admin.display(description="الحالة")
    def state(self, token):
        return "صالح" if token.is_active else "ملغى"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
            request.new_api_key = obj.set_new_key()
        if form.cleaned_data.get("revoke") and obj.revoked_at is None:
            obj.revoked_at = timezone.now()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The one page that shows the key; never cached, never in a message or a log."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "key": request.new_api_key,
            "title": "المفتاح الجديد",
        }
        response = TemplateResponse(request, "admin/articles/apitoken/key_created.html", context)
        add_never_cache_headers(response)
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description="ألغِ المفاتيح المحددة", permissions=("change",))
    def revoke_tokens(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        message = ngettext("Revoked %(count)d API key.", "Revoked %(count)d API keys.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
