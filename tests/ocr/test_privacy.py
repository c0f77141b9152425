"""The public copy: no metadata of any kind, faces and plates blurred."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from ocr import privacy
from ocr.intake import intake_photo
from ocr.privacy import Region, blur_regions, public_copy, sensitive_regions


def _jpeg_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's header segments, up to the start of scan."""
    assert data[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        pos += 2 + length
    return markers


def _photo_with_every_kind_of_metadata() -> bytes:
    image = Image.fromarray(np.random.default_rng(1).integers(0, 255, (120, 160, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:28 09:00:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (29.0, 22.0, 1.0), "E", (113.0, 6.0, 2.0)
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Yueyang"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(
        buffer,
        format="JPEG",
        quality=90,
        exif=exif.tobytes(),
        xmp=xmp,
        icc_profile=icc,
        comment=b"inspector Zhang, lot 17",
    )
    data = buffer.getvalue()
    # The fixture really carries it all (else the test below proves nothing).
    assert b"Exif" in data and b"Yueyang" in data and b"inspector Zhang" in data and b"ICC_PROFILE" in data
    return data


def test_the_public_copy_read_back_has_no_exif_gps_xmp_icc_or_comment():
    original = _photo_with_every_kind_of_metadata()
    opened = Image.open(io.BytesIO(original))
    opened.load()
    assert opened.info.get("comment") and opened.info.get("exif")  # Pillow carries them on the image
    copy = public_copy(opened, regions=[])
    back = Image.open(io.BytesIO(copy))
    assert back.format == "JPEG"
    for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"):
        assert not back.info.get(key), key
    assert not back.getexif()
    for needle in (b"Exif", b"Yueyang", b"inspector Zhang", b"ICC_PROFILE", b"xmpmeta", b"PhoneMaker"):
        assert needle not in copy
    # Only the JFIF header (APP0) and the image's own tables: no APP1 (EXIF/XMP), APP2 (ICC), COM.
    markers = _jpeg_markers(copy)
    assert not {0xE1, 0xE2, 0xED, 0xFE} & set(markers)


def test_the_public_copy_of_an_intake_photo_keeps_its_picture():
    original = _photo_with_every_kind_of_metadata()
    photo = intake_photo(original, "with-gps.jpg")
    back = Image.open(io.BytesIO(public_copy(photo.image, regions=[]))).convert("RGB")
    assert back.size == photo.image.size
    diff = np.abs(np.asarray(back, dtype=int) - np.asarray(photo.image, dtype=int)).mean()
    assert diff < 12  # re-encoded, not replaced


def test_blurring_a_region_destroys_its_detail_and_leaves_the_rest_alone():
    rng = np.random.default_rng(2)
    image = Image.fromarray(rng.integers(0, 255, (200, 300, 3), dtype=np.uint8))
    out = np.asarray(blur_regions(image, [Region("plate", (100, 80, 80, 30))]), dtype=float)
    before = np.asarray(image, dtype=float)
    inside = (slice(85, 105), slice(105, 175))
    assert out[inside].std() < before[inside].std() / 4  # noise flattened
    assert np.array_equal(out[:60, :], before[:60, :])  # far outside untouched


def test_plate_hits_on_the_board_itself_are_kept_readable_but_faces_never(monkeypatch):
    hits = {
        privacy.FACE_CASCADES[0]: [(50, 50, 40, 40)],
        privacy.PLATE_CASCADES[0]: [(210, 60, 60, 20), (10, 160, 60, 20)],
    }

    class FakeCascade:
        def __init__(self, name):
            self.name = name

        def detectMultiScale(self, grey, **kwargs):
            return np.array(hits[self.name])

    monkeypatch.setattr(privacy, "_cascade", FakeCascade)
    image = Image.new("RGB", (300, 200), "white")
    board = (40, 40, 250, 100)  # contains the face and the first plate hit
    found = sensitive_regions(image, keep=(board,))
    kinds = sorted((r.kind, r.box) for r in found)
    assert kinds == [("face", (50, 50, 40, 40)), ("plate", (10, 160, 60, 20))]
    assert len(sensitive_regions(image)) == 3


def test_detection_boxes_are_scaled_back_to_the_full_image(monkeypatch):
    monkeypatch.setattr(privacy, "DETECT_LONG_SIDE", 600)

    class FakeCascade:
        def __init__(self, name):
            self.face = "face" in name

        def detectMultiScale(self, grey, **kwargs):
            assert max(grey.shape) == 600
            return np.array([(60, 30, 30, 30)]) if self.face else ()

    monkeypatch.setattr(privacy, "_cascade", FakeCascade)
    found = sensitive_regions(Image.new("RGB", (2400, 1200)))
    assert [r.box for r in found] == [(240, 120, 120, 120)]


def test_opencvs_bundled_cascades_are_present_and_run():
    for name in privacy.FACE_CASCADES + privacy.PLATE_CASCADES:
        assert not privacy._cascade(name).empty()
    regions = sensitive_regions(Image.new("RGB", (640, 480), (200, 200, 200)))
    assert regions == []  # a blank wall has neither faces nor plates


@pytest.mark.slow
def test_the_plate_cascade_rarely_fires_on_generated_board_text():
    from demo.photo_generator import _child_rng, make_photo, random_spec

    false_hits = 0
    for i in range(4):
        spec = random_spec(_child_rng(11, i), key=f"b{i}")
        _, photo = make_photo(spec, "clean", 11, i)
        false_hits += sum(1 for r in sensitive_regions(photo) if r.kind == "plate")
    assert false_hits <= 2
