"""Tests for the raw page parser: seeds, unit rules, bad input and synthetic pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.ingest.parser import (
    Block,
    Byline,
    Credit,
    Page,
    ParseError,
    parse_byline,
    parse_caption,
    parse_page,
    split_section_label,
)
from articles.ingest.parser.vocabulary import line_key
from articles.text.arabic import fold, normalize

# The repository's seed pages, where tests/conftest.py's ``seeds_dir`` finds them.
SEEDS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

GAZA = "«هدنة غزة» تقترب وسط جولات مكوكية وحديث عن «تنازلات»"

EXPECTED_STORIES = {
    "000_013f6f52db59e67d.txt": [
        "تنسيق عراقي ـ أميركي لملاحقة خلايا «داعش» في المناطق الحدودية",
        GAZA,
    ],
    "001_108b317acc99efb6.txt": [
        "خلايا «داعش» النائمة تعاود خوض معارك كر وفر مع القوات العراقية",
        "بلينكن في الأردن مستهِلاً جولته لبحث الأزمة في سوريا",
    ],
    "002_df88a37d73659509.txt": [
        "دير الزور... ملاذ قادة «داعش» الفارين من معقليه العراقي والسوري",
        GAZA,
    ],
    "003_071d4f1c30a62385.txt": [
        "العراق يستأنف تعاونه الثنائي مع واشنطن لملاحقة خلايا «داعش»",
        "قاسم يُحكم السيطرة على مفاصل «حزب الله»",
        "سجناء «داعش» يهددون الأمن العراقي",
        "«حماس» سلّمت المختطفين فنالت إشادات من ترمب",
    ],
    "004_b3b37ec40fbd454d.txt": ["قوات عراقية تلاحق «داعش» جنوب الموصل"],
}

EXPECTED_TEASERS = {
    "000_013f6f52db59e67d.txt": [],
    "001_108b317acc99efb6.txt": [
        "«رسائل سريّة» بين إدارة بايدن و«تحرير الشام»... بعلم فريق ترمب",
        "عملية للمخابرات التركية في القامشلي... وتدخل أميركي لوقف نار في منبج",
        "ممثلة «مسد» في واشنطن: «هيئة تحرير الشام» «مختلفة» ولا تخضع لإملاءات تركيا",
        "«داعش» يعدم 54 عنصراً من القوات السورية أثناء فرارهم",
        "الأردن ومخاوف من خلط أوراق المنطقة والخشية من فوضى سوريا",
    ],
    "002_df88a37d73659509.txt": [],
    "003_071d4f1c30a62385.txt": [
        "«سنهرب ونقتلكم»... حراس عراقيون يتلقون تهديدات من سجناء «داعش»",
        "واشنطن توافق على مبيعات عسكرية للعراق بـ90 مليون دولار",
        "حزب المالكي يؤكد التمسك بترشيحه لرئاسة الحكومة العراقية",
        "خلية الإعلام الأمني العراقية تتسلم 2250 «إرهابياً» من سوريا",
        "باريس تحث بغداد على تجنب التصعيد الإقليمي",
    ],
    "004_b3b37ec40fbd454d.txt": [],
}

BOILERPLATE_BITS = ("اظهر المزيد", "©", "Copyright", "اترك تعليق", "Akismet", "مقالات ذات صلة")


@pytest.fixture(scope="module")
def seeds() -> Path:
    """The seed folder; a clear failure, not a search elsewhere, when it is missing."""
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"seed pages not found: expected the repository's {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(scope="module")
def pages(seeds) -> dict[str, Page]:
    return {
        name: parse_page((seeds / name).read_text(encoding="utf-8")) for name in EXPECTED_STORIES
    }


def _story(pages: dict[str, Page], name: str, title: str):
    return next(story for story in pages[name].stories if story.title == title)


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("name", sorted(EXPECTED_STORIES))
def test_seed_story_titles(pages, name):
    assert [story.title for story in pages[name].stories] == EXPECTED_STORIES[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_TEASERS))
def test_seed_teaser_titles(pages, name):
    assert [teaser.title for teaser in pages[name].teasers] == EXPECTED_TEASERS[name]


def test_seed_shapes(pages):
    shapes = {name: page.shape for name, page in pages.items()}
    assert shapes == {
        "000_013f6f52db59e67d.txt": "asharq",
        "001_108b317acc99efb6.txt": "asharq",
        "002_df88a37d73659509.txt": "asharq",
        "003_071d4f1c30a62385.txt": "asharq",
        "004_b3b37ec40fbd454d.txt": "republished",
    }


def test_seed_files_are_all_covered(seeds):
    assert sorted(path.name for path in seeds.glob("*.txt")) == sorted(EXPECTED_STORIES)


def test_across_seeds_ten_distinct_stories_and_teasers(pages):
    stories = [story.title for page in pages.values() for story in page.stories]
    teasers = [teaser.title for page in pages.values() for teaser in page.teasers]
    assert len(stories) == 11  # the Gaza story is in two files
    assert len(set(stories)) == 10
    assert len(teasers) == len(set(teasers)) == 10


def test_first_lines(pages):
    lines = {name: [story.first_line for story in page.stories] for name, page in pages.items()}
    assert lines == {
        "000_013f6f52db59e67d.txt": [1, 17],
        "001_108b317acc99efb6.txt": [1, 57],
        "002_df88a37d73659509.txt": [1, 33],
        "003_071d4f1c30a62385.txt": [1, 92, 112, 134],
        "004_b3b37ec40fbd454d.txt": [1],
    }


def test_teasers_belong_to_the_story_above_them(pages):
    counts = {name: [len(story.teasers) for story in page.stories] for name, page in pages.items()}
    assert counts["001_108b317acc99efb6.txt"] == [5, 0]
    assert counts["003_071d4f1c30a62385.txt"] == [5, 0, 0, 0]


def test_no_body_block_repeats_title_or_lead_caption(pages):
    for page in pages.values():
        for story in page.stories:
            repeats = {story.title} | {caption.text for caption in story.lead_captions}
            for block in story.blocks:
                assert block.text not in repeats, (story.title, block.text)
                assert block.text != "TT"


def test_lead_captions_deduplicated_with_credit(pages):
    story = _story(
        pages, "003_071d4f1c30a62385.txt", EXPECTED_STORIES["003_071d4f1c30a62385.txt"][0]
    )
    assert story.lead_captions == [
        Block("caption", "جنود من التحالف الدولي ضد «داعش»", Credit("أ.ف.ب", True))
    ]
    gaza = _story(pages, "000_013f6f52db59e67d.txt", GAZA)
    assert gaza.lead_captions == [
        Block(
            "caption",
            "دخان القصف الإسرائيلي فوق بيت ياحون بقطاع غزة الخميس",
            Credit("رويترز", False),
        )
    ]
    first = pages["000_013f6f52db59e67d.txt"].stories[0]
    assert first.lead_captions == []


def test_decks(pages):
    decks = [story.deck for page in pages.values() for story in page.stories]
    assert decks.count("") == 9
    assert pages["001_108b317acc99efb6.txt"].stories[0].deck == (
        "رغم ما يتردد عن أزمة عميقة داخل قيادة التنظيم"
    )
    assert pages["002_df88a37d73659509.txt"].stories[0].deck.startswith("البتاغون أكد وجود")


def test_subheadings_kept(pages):
    story = pages["003_071d4f1c30a62385.txt"].stories[0]
    kinds = [block.kind for block in story.blocks]
    subheadings = [block.text for block in story.blocks if block.kind == "subheading"]
    assert subheadings == ["تنسيق سياسي", "هدف ثمين", "تقنيات لمكافحة الإرهاب"]
    assert kinds.count("paragraph") == 17
    assert kinds.index("subheading") == 6


def test_in_body_caption_with_credit(pages):
    for name in ("000_013f6f52db59e67d.txt", "002_df88a37d73659509.txt"):
        gaza = _story(pages, name, GAZA)
        captions = [block for block in gaza.blocks if block.kind == "caption"]
        assert captions == [
            Block(
                "caption",
                "فلسطينيون بين أنقاض المباني المنهارة في مدينة غزة",
                Credit("أ.ف.ب", False),
            )
        ]
        assert gaza.blocks[6] == captions[0]
        assert [block.kind for block in gaza.blocks].count("paragraph") == 15


def test_paragraph_counts(pages):
    counts = {name: [len(story.blocks) for story in page.stories] for name, page in pages.items()}
    assert counts == {
        "000_013f6f52db59e67d.txt": [7, 16],
        "001_108b317acc99efb6.txt": [6, 6],
        "002_df88a37d73659509.txt": [16, 16],
        "003_071d4f1c30a62385.txt": [20, 4, 5, 3],
        "004_b3b37ec40fbd454d.txt": [15],
    }


def test_paragraph_with_parentheses_is_not_a_caption(pages):
    blinken = pages["001_108b317acc99efb6.txt"].stories[1]
    assert all(block.kind == "paragraph" for block in blinken.blocks)
    assert "(الخميس)" in blinken.blocks[0].text


def test_boilerplate_dropped(pages):
    page = pages["004_b3b37ec40fbd454d.txt"]
    story = page.stories[0]
    assert story.blocks[-1].text.startswith("وأضاف أن «التحالف الدولي مستمر")
    assert page.teasers == []
    for page in pages.values():
        for story in page.stories:
            for block in story.blocks:
                assert not any(bit in block.text for bit in BOILERPLATE_BITS), block.text


def test_seed_teaser_details_001(pages):
    teasers = pages["001_108b317acc99efb6.txt"].teasers
    assert [t.section for t in teasers] == ["الولايات المتحدة"] + ["المشرق العربي"] * 4
    assert [t.byline for t in teasers] == [
        Byline("علي بردى", "واشنطن"),
        Byline("سعيد عبد الرازق", "أنقرة"),
        Byline("إيلي يوسف", "واشنطن"),
        Byline("الشرق الأوسط", "دمشق"),
        Byline("محمد خير الرواشدة", "عمّان"),
    ]
    assert [t.caption.credit.source for t in teasers] == [
        "تلغرام",
        "إعلام تركي",
        "الشرق الأوسط",
        "رويترز",
        "إ.ب.أ",
    ]
    assert teasers[0].caption.text.startswith("أحمد الشرع مجتمعاً")
    assert not any(t.is_exclusive for t in teasers)
    assert [t.date_text for t in teasers] == [""] * 5
    assert teasers[1].summary.startswith("يبحث وزير الخارجية الأميركي")


def test_seed_teaser_details_003(pages):
    teasers = pages["003_071d4f1c30a62385.txt"].teasers
    assert [t.is_exclusive for t in teasers] == [True, True, False, False, False]
    assert [t.section for t in teasers] == [
        "",
        "",
        "المشرق العربي",
        "العالم العربي",
        "المشرق العربي",
    ]
    assert [t.byline for t in teasers] == [
        Byline("فاضل النشمي", ""),
        None,
        Byline("حمزة مصطفى", "بغداد"),
        Byline("الشرق الأوسط", "بغداد"),
        Byline("الشرق الأوسط", "باريس"),
    ]
    assert [t.caption.credit for t in teasers] == [
        Credit("أ.ف.ب", False),
        Credit("أ.ف.ب", True),
        Credit("إ.ب.أ", False),
        Credit("حسابها على «إكس»", False),
        Credit("الخارجية الفرنسية", False),
    ]
    assert teasers[0].caption.text.startswith("حافلة ضمن قافلة")
    assert teasers[1].caption.text == "عناصر من قوات الأمن العراقية"


def test_seed_stories_have_no_byline_or_section(pages):
    for page in pages.values():
        for story in page.stories:
            assert (story.byline, story.section, story.is_exclusive) == (None, "", False)


# --------------------------------------------------------------------------- captions


@pytest.mark.parametrize(
    ("line", "text", "credit"),
    [
        ("دخان فوق المدينة (رويترز)", "دخان فوق المدينة", Credit("رويترز", False)),
        ("فلسطينيون بين الأنقاض (أ.ف.ب)", "فلسطينيون بين الأنقاض", Credit("أ.ف.ب", False)),
        ("طفلة عند نقطة تفتيش (أ.ب)", "طفلة عند نقطة تفتيش", Credit("أ.ب", False)),
        ("عنصر من المعارضة في حمص (إ.ب.أ)", "عنصر من المعارضة في حمص", Credit("إ.ب.أ", False)),
        ("جنود من التحالف (أرشيفية - أ.ف.ب)", "جنود من التحالف", Credit("أ.ف.ب", True)),
        ("عناصر من قوات الأمن (أ.ف.ب- أرشيفية)", "عناصر من قوات الأمن", Credit("أ.ف.ب", True)),
        ("مبنى البرلمان (أرشيفية)", "مبنى البرلمان", Credit("", True)),
        (
            "رئيس الحكومة في الجنوب (الشرق الأوسط)",
            "رئيس الحكومة في الجنوب",
            Credit("الشرق الأوسط", False),
        ),
        ("أحمد الشرع في اجتماع (تلغرام)", "أحمد الشرع في اجتماع", Credit("تلغرام", False)),
        (
            "لوغو خلية الإعلام (حسابها على «إكس»)",
            "لوغو خلية الإعلام",
            Credit("حسابها على «إكس»", False),
        ),
        ("فصائل تدخل منبج (إعلام تركي)", "فصائل تدخل منبج", Credit("إعلام تركي", False)),
        (
            "وزير الخارجية في أربيل (وكالة الأنباء الكردية)",
            "وزير الخارجية في أربيل",
            Credit("وكالة الأنباء الكردية", False),
        ),
    ],
)
def test_parse_caption_credit_forms(line, text, credit):
    assert parse_caption(line) == Block("caption", text, credit)


def test_parse_caption_without_credit_and_with_noise():
    assert parse_caption("صورة بلا مصدر") == Block("caption", "صورة بلا مصدر", None)
    assert parse_caption("  جنود\u200f في   الموصل (أ.ب)  ") == Block(
        "caption", "جنود في الموصل", Credit("أ.ب", False)
    )


# --------------------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("إيلي يوسف (واشنطن)", Byline("إيلي يوسف", "واشنطن")),
        ("علي بردى (واشنطن)", Byline("علي بردى", "واشنطن")),
        ("فاضل النشمي", Byline("فاضل النشمي", "")),
        ("«الشرق الأوسط» (دمشق)", Byline("الشرق الأوسط", "دمشق")),
        ("«الشرق الأوسط»", Byline("الشرق الأوسط", "")),
        ("محمد خير الرواشدة (عمّان)", Byline("محمد خير الرواشدة", "عمّان")),
    ],
)
def test_parse_byline(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "وقال المتحدث إن الاتفاق قريب، وإن الوسطاء يعملون على تفاصيله.",
        "قتل 15 عنصراً (داعش)",
        "حزب المالكي يؤكد التمسك بترشيحه لرئاسة الحكومة العراقية",
    ],
)
def test_parse_byline_rejects_prose(line):
    assert parse_byline(line) is None


# --------------------------------------------------------------------------- section labels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "الولايات المتحدة أحمد الشرع مجتمعاً مع رئيس حكومة تسيير الأعمال",
            ("الولايات المتحدة", False, "أحمد الشرع مجتمعاً مع رئيس حكومة تسيير الأعمال"),
        ),
        ("خاص عناصر من قوات الأمن العراقية", ("", True, "عناصر من قوات الأمن العراقية")),
        ("المشرق العربي إحدى جلسات البرلمان", ("المشرق العربي", False, "إحدى جلسات البرلمان")),
        ("العالم العربي لوغو خلية الإعلام", ("العالم العربي", False, "لوغو خلية الإعلام")),
        ("العالم صورة من قمة المناخ", ("العالم", False, "صورة من قمة المناخ")),
        ("خاص المشرق العربي مقاتلون في حمص", ("المشرق العربي", True, "مقاتلون في حمص")),
        ("المشرق العربي خاص مقاتلون في حمص", ("المشرق العربي", True, "مقاتلون في حمص")),
        ("شمال افريقيا مهاجرون على قارب", ("شمال افريقيا", False, "مهاجرون على قارب")),
        ("مقاتلون من المعارضة في حمص", ("", False, "مقاتلون من المعارضة في حمص")),
        ("المشرق العربي", ("", False, "المشرق العربي")),
        ("خاص", ("", False, "خاص")),
    ],
)
def test_split_section_label(text, expected):
    assert split_section_label(text) == expected


def test_split_section_label_extra_sections():
    text = "شؤون إقليمية جنود على الحدود"
    assert split_section_label(text) == ("", False, text)
    assert split_section_label(text, extra_sections=["شؤون إقليمية"]) == (
        "شؤون إقليمية",
        False,
        "جنود على الحدود",
    )


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t\n  \r\n",
        "\x89PNG\r\n\x1a\n" + "".join(chr(i % 32) for i in range(1, 400)),
        "\ufffd\ufffd\x01\x02" * 50 + "كلمة",
        "اظهر المزيد\n\nاترك تعليقاً\n\n© Copyright 2024, All Rights Reserved",
        "عنوان وحيد بلا نص",
        "TT\n\nTT\n",
        "عنوان\n\nTT\n\nعنوان\n",
    ],
)
def test_bad_input_raises(text):
    with pytest.raises(ParseError):
        parse_page(text)


def test_control_characters_rejected_even_when_page_is_well_formed():
    garbage = "\x01\x02\x03\x04\x05\x06\x07\x08"
    text = "عنوان الخبر\n\n" + f"{garbage} فقرة من كلمات عدة تنتهي بنقطة.\n" * 10
    with pytest.raises(ParseError, match="non-printable"):
        parse_page(text)
    assert parse_page(text.replace(garbage, "")).stories[0].title == "عنوان الخبر"


def test_nul_byte_reports_line():
    with pytest.raises(ParseError) as caught:
        parse_page("عنوان\n\nفقرة أولى طويلة.\nسطر\x00ثالث\n")
    assert caught.value.line == 4
    assert "NUL" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_body_text_first_line_reports_line():
    paragraph = " ".join(["كلمة"] * 60) + "."
    with pytest.raises(ParseError) as caught:
        parse_page(f"\n\n{paragraph}\n{paragraph}\n")
    assert caught.value.line == 3


def test_parse_error_message_and_line_attribute():
    error = ParseError("no story", 7)
    assert (error.message, error.line, str(error)) == ("no story", 7, "line 7: no story")
    assert ParseError("empty").line is None


# --------------------------------------------------------------------------- synthetic pages

SYNTHETIC_ASHARQ = """\
خاص مصر تطلق مبادرة لإعادة إعمار الموانئ المتضررة

الحكومة تعد بإنجاز المرحلة الأولى قبل نهاية العام

سامي الهاشمي (القاهرة)
سفن راسية في ميناء الإسكندرية صباح الأحد (د.ب.أ)
سفن راسية في ميناء الإسكندرية صباح الأحد (د.ب.أ)
عمال يفرغون حاويات في الميناء (أرشيفية)
عمال يفرغون حاويات في الميناء (أرشيفية)
TT

مصر تطلق مبادرة لإعادة إعمار الموانئ المتضررة

سفن راسية في ميناء الإسكندرية صباح الأحد (د.ب.أ)
سفن راسية في ميناء الإسكندرية صباح الأحد (د.ب.أ)
عمال يفرغون حاويات في الميناء (أرشيفية)
عمال يفرغون حاويات في الميناء (أرشيفية)

أعلنت الحكومة المصرية، الأحد، إطلاق مبادرة واسعة لإعادة تأهيل الموانئ التي تضررت من العواصف.
وقال وزير النقل إن «المبادرة تشمل ثلاثة موانئ رئيسية، وستنفذ على مراحل» (بيان رسمي)
كلفة المشروع
وتقدر كلفة المرحلة الأولى بنحو 400 مليون دولار، وفق تقديرات رسمية نشرتها الوزارة أمس (الاثنين)
رافعة حاويات جديدة في ميناء دمياط (وكالة أنباء الشرق الأوسط)
ماذا بعد؟
ويتوقع خبراء أن تنعكس المبادرة على حركة التجارة في البحر المتوسط خلال عامين.

مقالات ذات صلة

تونس تفتح باب الاستثمار في الطاقة الشمسية

شمال أفريقيا ألواح شمسية في صحراء تطاوين (رويترز)

تونس تفتح باب الاستثمار في الطاقة الشمسية

أطلقت تونس مناقصة دولية لإنشاء محطات طاقة شمسية بقدرة 500 ميغاواط.

نادية بن علي (تونس)
12 يناير 2025
خاص الخليج ميناء جبل علي في دبي (أ.ف.ب- أرشيفية)

خاص الإمارات توسع شبكة موانئها في أفريقيا

قالت مصادر مطلعة إن الإمارات تتفاوض على تشغيل ثلاثة موانئ جديدة.

«الشرق الأوسط»
2025-01-10
اقتصاد

أسعار الشحن البحري تتراجع للشهر الثالث

تراجعت أسعار الشحن البحري للشهر الثالث على التوالي مع تحسن سلاسل الإمداد.


المغرب يوقع اتفاقاً لتطوير ميناء طنجة

جانب من ميناء طنجة المتوسط (إ.ب.أ)
جانب من ميناء طنجة المتوسط (إ.ب.أ)
TT

المغرب يوقع اتفاقاً لتطوير ميناء طنجة

جانب من ميناء طنجة المتوسط (إ.ب.أ)
جانب من ميناء طنجة المتوسط (إ.ب.أ)

وقّع المغرب اتفاقاً مع تحالف دولي لتوسعة ميناء طنجة المتوسط وزيادة طاقته الاستيعابية.
وتهدف التوسعة إلى رفع قدرة الميناء إلى 12 مليون حاوية سنوياً بحلول عام 2030.
"""


def test_synthetic_asharq_page():
    page = parse_page(SYNTHETIC_ASHARQ)
    assert page.shape == "asharq"
    first, second = page.stories
    assert first.title == "مصر تطلق مبادرة لإعادة إعمار الموانئ المتضررة"
    assert first.is_exclusive is True
    assert first.deck == "الحكومة تعد بإنجاز المرحلة الأولى قبل نهاية العام"
    assert first.byline == Byline("سامي الهاشمي", "القاهرة")
    assert first.first_line == 1
    assert first.lead_captions == [
        Block("caption", "سفن راسية في ميناء الإسكندرية صباح الأحد", Credit("د.ب.أ", False)),
        Block("caption", "عمال يفرغون حاويات في الميناء", Credit("", True)),
    ]
    assert [(block.kind, block.text[:12]) for block in first.blocks] == [
        ("paragraph", "أعلنت الحكوم"),
        ("paragraph", "وقال وزير ال"),
        ("subheading", "كلفة المشروع"),
        ("paragraph", "وتقدر كلفة ا"),
        ("caption", "رافعة حاويات"),
        ("subheading", "ماذا بعد؟"),
        ("paragraph", "ويتوقع خبراء"),
    ]
    assert first.blocks[4].credit == Credit("وكالة أنباء الشرق الأوسط", False)

    assert second.title == "المغرب يوقع اتفاقاً لتطوير ميناء طنجة"
    assert second.first_line == SYNTHETIC_ASHARQ.split("\n").index(second.title) + 1
    assert [block.kind for block in second.blocks] == ["paragraph", "paragraph"]
    assert len(second.lead_captions) == 1
    assert second.teasers == []


def test_synthetic_asharq_teasers():
    teasers = parse_page(SYNTHETIC_ASHARQ).teasers
    assert [t.title for t in teasers] == [
        "تونس تفتح باب الاستثمار في الطاقة الشمسية",
        "الإمارات توسع شبكة موانئها في أفريقيا",
        "أسعار الشحن البحري تتراجع للشهر الثالث",
    ]
    assert [t.section for t in teasers] == ["شمال أفريقيا", "الخليج", "اقتصاد"]
    assert [t.is_exclusive for t in teasers] == [False, True, False]
    assert [t.byline for t in teasers] == [
        Byline("نادية بن علي", "تونس"),
        Byline("الشرق الأوسط", ""),
        None,
    ]
    assert [t.date_text for t in teasers] == ["12 يناير 2025", "2025-01-10", ""]
    assert teasers[0].caption == Block(
        "caption", "ألواح شمسية في صحراء تطاوين", Credit("رويترز", False)
    )
    assert teasers[1].caption.credit == Credit("أ.ف.ب", True)
    assert teasers[2].caption is None
    assert teasers[2].summary.startswith("تراجعت أسعار الشحن")


SYNTHETIC_REPUBLISHED = """\
البرلمان الأردني يقر موازنة العام المقبل

صادق مجلس النواب الأردني، مساء الثلاثاء، على مشروع قانون الموازنة العامة للعام المقبل.
وقال رئيس اللجنة المالية إن «الموازنة تراعي الظروف الاقتصادية الصعبة، وتحافظ على الإنفاق الاجتماعي».
نواب خلال جلسة التصويت في عمّان (بترا)
أبرز البنود
وتتضمن الموازنة زيادة مخصصات التعليم والصحة، وخفض النفقات الجارية بنسبة 3 في المائة.
وتابع أن «العجز سينخفض تدريجياً خلال السنوات الثلاث المقبلة (وفق الخطة)».
انتهت الجلسة بعد منتصف الليل. وغادر النواب القاعة تباعاً (بيان المجلس)

شارك هذا المقال
أضف تعليقاً
جميع الحقوق محفوظة © 2023 موقع الأخبار
"""


def test_synthetic_republished_page():
    page = parse_page(SYNTHETIC_REPUBLISHED)
    assert page.shape == "republished"
    (story,) = page.stories
    assert story.title == "البرلمان الأردني يقر موازنة العام المقبل"
    assert (story.deck, story.byline, story.lead_captions) == ("", None, [])
    assert [block.kind for block in story.blocks] == [
        "paragraph",
        "paragraph",
        "caption",
        "subheading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert story.blocks[-1].text.endswith("(بيان المجلس)")
    assert story.blocks[2] == Block(
        "caption", "نواب خلال جلسة التصويت في عمّان", Credit("بترا", False)
    )
    assert story.blocks[-2].text.endswith("(وفق الخطة)».")
    for block in story.blocks:
        assert not any(bit in block.text for bit in ("شارك", "تعليق", "محفوظة", "©"))
    assert page.teasers == []


def test_synthetic_republished_related_block_and_repeated_title():
    text = (
        "انتخابات بلدية في الكويت الشهر المقبل\n"
        "انتخابات بلدية في الكويت الشهر المقبل\n"
        "مرشحون أمام مقر اللجنة (كونا)\n\n"
        "أعلنت الحكومة الكويتية موعد الانتخابات البلدية، ودعت الناخبين إلى تحديث بياناتهم.\n"
        "وقالت اللجنة إن باب الترشح يفتح الأسبوع المقبل ويستمر عشرة أيام.\n\n"
        "اقرأ أيضاً\n"
        "الكويت تعدل قانون الانتخاب\n"
        "أقرت الحكومة تعديلات على قانون الانتخاب تشمل تقسيم الدوائر.\n"
        "اترك تعليقاً\n"
        "عنوان لا يخص المقال\n"
    )
    page = parse_page(text)
    (story,) = page.stories
    assert story.lead_captions == [
        Block("caption", "مرشحون أمام مقر اللجنة", Credit("كونا", False))
    ]
    assert [block.text[:10] for block in story.blocks] == ["أعلنت الحك", "وقالت اللج"]
    assert [(t.title, t.summary[:9]) for t in page.teasers] == [
        ("الكويت تعدل قانون الانتخاب", "أقرت الحك")
    ]


SYNTHETIC_ASHARQ_PLAIN_TEASERS = """\
المشرق العربي خاص لبنان يبدأ ترسيم الحدود البرية مع سوريا
نادر حجاز (بيروت)
TT

لبنان يبدأ ترسيم الحدود البرية مع سوريا

بدأت لجنة لبنانية سورية مشتركة، الاثنين، أعمال ترسيم الحدود البرية بين البلدين في منطقة البقاع.
وأكد مصدر رسمي أن الأعمال ستستمر أشهراً عدة، بمشاركة خبراء من الجانبين.
مقالات ذات صلة
سوريا تعيد فتح معبر جديد مع الأردن
افتتحت السلطات السورية معبراً حدودياً جديداً مع الأردن لتسهيل حركة الشاحنات.
«الشرق الأوسط» (عمّان)
منذ 3 ساعات
العراق يرفع إنتاج النفط في الجنوب
أعلنت وزارة النفط العراقية زيادة الإنتاج من حقول البصرة.
الأحد، 12 يناير 2025
علي السراي
رياضة
منتخب الأردن يتأهل إلى النهائي
تأهل منتخب الأردن إلى نهائي البطولة بعد فوزه على منافسه بهدفين.
جميع الحقوق محفوظة لصحيفة الأخبار
"""


def test_synthetic_asharq_labelled_title_and_plain_teasers():
    page = parse_page(SYNTHETIC_ASHARQ_PLAIN_TEASERS)
    (story,) = page.stories
    assert story.title == "لبنان يبدأ ترسيم الحدود البرية مع سوريا"
    assert (story.section, story.is_exclusive) == ("المشرق العربي", True)
    assert story.byline == Byline("نادر حجاز", "بيروت")
    assert (story.deck, story.lead_captions) == ("", [])
    assert [block.kind for block in story.blocks] == ["paragraph", "paragraph"]
    assert [(t.title, t.section, t.caption) for t in page.teasers] == [
        ("سوريا تعيد فتح معبر جديد مع الأردن", "", None),
        ("العراق يرفع إنتاج النفط في الجنوب", "", None),
        ("منتخب الأردن يتأهل إلى النهائي", "رياضة", None),
    ]
    assert [(t.byline, t.date_text) for t in page.teasers] == [
        (Byline("الشرق الأوسط", "عمّان"), "منذ 3 ساعات"),
        (Byline("علي السراي", ""), "الأحد، 12 يناير 2025"),
        (None, ""),
    ]
    assert not any("محفوظة" in t.summary for t in page.teasers)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("بقلم: أحمد علي", Byline("أحمد علي", "")),
        ("كتب: محمد السيد (القاهرة)", Byline("محمد السيد", "القاهرة")),
    ],
)
def test_parse_byline_with_author_marker(line, expected):
    assert parse_byline(line) == expected


def test_republished_byline_under_title():
    text = (
        "ارتفاع أسعار الذهب في الأسواق المحلية\n"
        "بقلم: سلمى الحسن\n\n"
        "ارتفعت أسعار الذهب في الأسواق المحلية، اليوم، متأثرة بصعود الأوقية عالمياً.\n"
        "وقال تجار إن الطلب تراجع مع ارتفاع الأسعار إلى مستويات قياسية.\n"
        "والأسعار مرشحة لمزيد من الارتفاع\n"
        "اظهر المزيد\n"
    )
    (story,) = parse_page(text).stories
    assert story.byline == Byline("سلمى الحسن", "")
    assert story.deck == ""
    # A short closing line has nothing under it, so it is not a subheading.
    assert [block.kind for block in story.blocks] == ["paragraph"] * 3


# --------------------------------------------------------------------------- one folding


def test_line_key_folds_as_every_other_key():
    """The parser compares lines with ``arabic.fold``: tatweel and hamza seats included."""
    assert line_key("- رئيـــس الوزراء:") == line_key("رئيس الوزراء") == fold("رييس الوزراء")
    assert line_key("المسؤولون") == fold("المسوولون") == normalize("المسؤولون")


def test_header_repeat_with_tatweel_and_hamza_seat_variants_is_one_header():
    """The copy after ``TT`` spelled «مصـر ... الموانى»: still the same header."""
    variant = SYNTHETIC_ASHARQ.replace(
        "TT\n\nمصر تطلق مبادرة لإعادة إعمار الموانئ المتضررة",
        "TT\n\nمصـر تطلق مبادرة لإعادة إعمار الموانى المتضررة",
    )
    assert variant != SYNTHETIC_ASHARQ
    plain, folded = parse_page(SYNTHETIC_ASHARQ).stories, parse_page(variant).stories
    assert len(folded) == len(plain)
    assert folded[0].title == "مصـر تطلق مبادرة لإعادة إعمار الموانى المتضررة"
    assert (folded[0].is_exclusive, folded[0].deck) == (plain[0].is_exclusive, plain[0].deck)
    assert folded[0].blocks == plain[0].blocks
