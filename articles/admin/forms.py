"""Admin forms: the story form (body as text, workflow and stale-save checks), bulk tags, merge."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from taggit.forms import TagField

from articles.editorial import workflow
from articles.models import Article
from articles.text import body as body_format
from articles.text.clean import clean_line

BODY_HELP = (
    "فقرات يفصل بينها سطر فارغ. «## » في أول السطر لعنوان فرعي، "
    "و«!! » لتعليق صورة ينتهي بمصدرها بين قوسين: !! جنود في الموصل (أ.ف.ب). نص عادي فقط."
)


def conflict_message(article_pk: int) -> str:
    """Who changed the story last and when, in the words the editor sees.

    A change that saved no revision (a mention accepted or rejected, tags added from the
    list) moves the version past the last revision's: then nobody is named.
    """
    record = Article.history.filter(id=article_pk).select_related("history_user").first()
    current = Article.objects.filter(pk=article_pk).values_list("version", flat=True).first()
    if record is None or record.version != current:
        return (
            "تغيّرت هذه القصة أو ما يتصل بها (الإشارات أو الوسوم) بعد أن فتحتَها، فلم يُحفظ "
            "تعديلك كي لا يضيع ذلك التغيير. افتح القصة من جديد ثم أعد تعديلك."
        )
    who = record.history_user.get_username() if record.history_user else "الاستيراد"
    when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    return (
        f"عدّل «{who}» هذه القصة في {when} بعد أن فتحتَها، فلم يُحفظ تعديلك كي لا يضيع تعديله. "
        "افتح القصة من جديد (أو قارن في «التاريخ») ثم أعد تعديلك."
    )


def _to_minute(moment):
    return moment.replace(second=0, microsecond=0)


class ArabicTagField(TagField):
    """Taggit's field, also splitting on the Arabic comma «،»."""

    def clean(self, value):
        return super().clean(clean_line(value or "").replace("،", ","))


class ArticleAdminForm(forms.ModelForm):
    """The story change form.

    ``body_text`` edits ``Article.body`` through ``articles.text.body``; ``loaded_version``
    carries the version the editor started from, so a stale save is refused.
    The admin sets ``user`` on a subclass per request (see ``ArticleAdmin.get_form``).
    """

    user = None

    body_text = forms.CharField(
        label="النص",
        required=False,
        widget=forms.Textarea(attrs={"rows": 22, "class": "vLargeTextField body-text"}),
        help_text=BODY_HELP,
    )
    loaded_version = forms.IntegerField(
        label="النسخة التي فُتحت", widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "deck",
            "summary",
            "byline",
            "dateline",
            "status",
            "published_at",
            "section",
            "source",
            "tags",
            "is_exclusive",
            "is_stub",
        ]
        field_classes = {"tags": ArabicTagField}
        widgets = {
            "deck": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["body_text"].initial = body_format.blocks_to_text(instance.body)
        # From the database, not the instance: a revert form starts from an old revision,
        # and the workflow applies to the story as it is now.
        self.stored = None
        if instance.pk:
            self.stored = Article.objects.filter(pk=instance.pk).values("version", "status").first()
            self.fields["loaded_version"].initial = (self.stored or {}).get(
                "version", instance.version
            )
        status = self.fields.get("status")
        if status is not None and self.user is not None:
            current = (self.stored or {}).get("status") if instance.pk else None
            allowed = workflow.allowed_statuses(self.user, current)
            status.choices = [c for c in status.choices if c[0] in allowed]

    def clean_published_at(self):
        """The date as shown, unless the editor changed it.

        The time box shows hours and minutes; the stored time may carry seconds (and an
        imported or older one, fractions). Saved back as typed, every save would move the
        date by those seconds and record a change of «تاريخ النشر» nobody made.
        """
        value = self.cleaned_data.get("published_at")
        shown = self.instance.published_at
        if value is not None and shown is not None and value == _to_minute(shown):
            return shown
        return value

    def clean_body_text(self):
        blocks = body_format.text_to_blocks(self.cleaned_data.get("body_text", ""))
        try:
            body_format.validate_blocks(blocks)
        except body_format.BodyError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return blocks

    def clean(self):
        cleaned = super().clean()
        if "body_text" in cleaned:
            self.instance.body = cleaned["body_text"]
        stored = self._lock_stored()
        self._check_workflow(cleaned, stored)
        self._check_version(cleaned, stored)
        if stored and "published_at" not in self.fields:
            # Not this user's to set: a restored revision keeps the story's current date.
            self.instance.published_at = stored["published_at"]
        return cleaned

    def _lock_stored(self) -> dict | None:
        """The story's row as it is now, locked until the admin's transaction ends.

        Check and save are then one step, and both checks judge the story as it is, not
        the instance the form was built from (an old revision, when one is restored).
        """
        if not self.instance.pk:
            return None
        return (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("version", "status", "published_at")
            .first()
        )

    def _check_workflow(self, cleaned, stored):
        if self.user is None:
            return
        current = stored["status"] if stored else None
        error = workflow.edit_error(self.user, current)
        if error:
            raise forms.ValidationError(error, code="workflow")
        new = cleaned.get("status", current)
        if new is None:
            return
        error = workflow.transition_error(self.user, current, new)
        if error:
            self.add_error("status" if "status" in self.fields else None, error)

    def _check_version(self, cleaned, stored):
        if not self.instance.pk:
            return
        loaded = cleaned.get("loaded_version")
        if stored is None or loaded is None or stored["version"] != loaded:
            raise forms.ValidationError(conflict_message(self.instance.pk), code="stale")


class AddTagsForm(forms.Form):
    tags = ArabicTagField(
        label="الوسوم", help_text="افصل بين الوسوم بفاصلة: العراق، داعش، الحشد الشعبي"
    )


class MergeForm(forms.Form):
    """Pick which of the selected records survives a merge."""

    keep = forms.ModelChoiceField(
        label="السجل الذي يبقى",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


class MentionAdminForm(forms.ModelForm):
    """A mention edited on its own page: it may only name a story the user may change.

    The admin sets ``user`` on a subclass per request (see ``MentionReviewAdmin.get_form``).
    """

    user = None

    def clean_article(self):
        article = self.cleaned_data.get("article")
        if article is not None and self.user is not None:
            error = workflow.edit_error(self.user, article.status)
            if error:
                raise forms.ValidationError(error, code="workflow")
        return article
