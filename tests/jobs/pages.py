"""Page files for job tests: distinct stories built from the seeds' own paragraphs."""

from tests.conftest import SEEDS_DIR
from tests.test_import_batch import PAGE, seed_paragraphs


def page_files(count: int, *, paragraphs_each: int = 4, prefix: str = "p") -> list:
    """``count`` (name, bytes) pages, one story each, titled «خبر رقم N ...»."""
    paragraphs = seed_paragraphs(SEEDS_DIR)
    files = []
    for i in range(count):
        start = (i * paragraphs_each) % max(1, len(paragraphs) - paragraphs_each)
        body = "\n\n".join(paragraphs[start : start + paragraphs_each])
        title = f"خبر رقم {i} من سلسلة {prefix} عن الأحداث في العراق"
        text = PAGE.format(title=title, caption=f"صورة رقم {i} من الميدان", body=body)
        files.append((f"{prefix}{i:03}.txt", text.encode()))
    return files
