"""Where a story's photos go on its page.

Only photos with a file are shown: an imported image is a caption with no file, and
readers get nothing of it (no empty frame, no caption of a picture they cannot see).
The first is the lead, above the text. Another photo whose caption is that of a caption
line in the body («!! جنود في الموصل (أ.ف.ب)») is shown there, in the text; the rest
follow the lead.
"""

from dataclasses import dataclass, field

from articles.site.front import image_has_file
from articles.text.body import split_credit


@dataclass
class StoryPhotos:
    top: list = field(default_factory=list)  # the lead first
    in_body: dict = field(default_factory=dict)  # body caption text -> photo

    @property
    def lead(self):
        return self.top[0] if self.top else None


def story_photos(article) -> StoryPhotos:
    photos = [image for image in article.images.all() if image_has_file(image)]
    if not photos:
        return StoryPhotos()
    body_captions = {
        block.get("text", "").strip() for block in article.blocks if block.get("kind") == "caption"
    }
    placed = StoryPhotos(top=photos[:1])
    for image in photos[1:]:
        keys = (image.caption.strip(), split_credit(image.caption)[0])
        caption = next((k for k in keys if k in body_captions and k not in placed.in_body), None)
        if caption:
            placed.in_body[caption] = image
        else:
            placed.top.append(image)
    return placed
