"""Photo intake: what is refused (with its message in Chinese and English) and how accepted photos look."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from demo import hostile_samples as hs
from ocr.intake import MAX_IMAGE_SIDE, PhotoRejected, intake_photo, sniff_media_type
from parkwatch.settings import reset_settings_cache


def refusal(data: bytes, filename: str, **limits: int) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        intake_photo(data, filename, **limits)
    return caught.value


@pytest.mark.parametrize("sample", hs.refused_samples(), ids=lambda s: s.name)
def test_each_hostile_file_is_refused_with_its_own_code_and_a_message_in_both_languages(sample):
    rejected = refusal(sample.data, sample.filename)
    assert rejected.code == sample.refused_code
    assert sample.filename in rejected.message_zh and sample.filename in rejected.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rejected.message_zh)  # really Chinese
    assert rejected.message_en.isascii() or "×" in rejected.message_en
    assert rejected.to_json()["code"] == sample.refused_code


@pytest.mark.parametrize("sample", hs.accepted_samples(), ids=lambda s: s.name)
def test_accepted_files_come_out_as_8_bit_rgb_with_the_sha256_of_the_original_bytes(sample):
    photo = intake_photo(sample.data, sample.filename)
    assert photo.image.mode == "RGB"
    assert (photo.width, photo.height) == photo.image.size
    assert photo.sha256 == hashlib.sha256(sample.data).hexdigest()
    assert photo.size_bytes == len(sample.data)
    assert photo.media_type in ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
    assert not photo.image.info.get("exif") and not photo.image.info.get("icc_profile")


def test_a_pdf_renamed_jpg_is_recognised_by_its_bytes_not_its_name():
    rejected = refusal(b"%PDF-1.7\n...", "photo.jpg")
    assert rejected.code == "not_image"
    assert "PDF" in rejected.message_zh and "PDF" in rejected.message_en


def test_a_file_over_the_configured_upload_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setenv("PARKWATCH_MAX_UPLOAD_MB", "1")
    reset_settings_cache()
    data = b"\xff\xd8\xff" + b"\x00" * (1024 * 1024)  # not even a valid JPEG: size decides first
    rejected = refusal(data, "big.jpg")
    assert rejected.code == "too_large"
    assert "1.0 MB" in rejected.message_zh


def test_the_pixel_limit_comes_from_settings_and_is_checked_from_the_header(monkeypatch):
    monkeypatch.setenv("PARKWATCH_MAX_IMAGE_PIXELS", "10000")
    reset_settings_cache()
    data = hs.png_declaring(200, 100)  # 20000 pixels declared, and no real pixel data to decode
    rejected = refusal(data, "x.png")
    assert rejected.code == "too_many_pixels"
    assert "200×100" in rejected.message_zh


def test_the_default_pixel_limit_is_well_under_pillows_own():
    from parkwatch.settings import get_settings

    assert get_settings().max_image_pixels <= Image.MAX_IMAGE_PIXELS // 1.5


def test_pillows_decompression_bomb_warning_is_treated_as_an_error(monkeypatch):
    # Pillow's own guard warns (does not raise) between its limit and twice it; intake must refuse.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    data = hs.jpeg_bytes(Image.new("RGB", (40, 30)))  # 1200 pixels: Pillow warns
    rejected = refusal(data, "warn.jpg", max_pixels=10**9)
    assert rejected.code == "too_many_pixels"


def test_a_side_longer_than_the_limit_is_refused_even_with_few_pixels():
    data = hs.png_declaring(MAX_IMAGE_SIDE + 1, 2)
    assert refusal(data, "strip.png").code == "too_wide"


def test_exif_orientation_is_applied_before_anything_else():
    photo = intake_photo(hs.oriented_jpeg(6), "rotated.jpg")  # 6 = rotate 90° clockwise to view
    assert (photo.width, photo.height) == (32, 64)
    top = photo.image.getpixel((16, 4))
    bottom = photo.image.getpixel((16, 60))
    assert top[0] > 200 and top[2] < 60  # red (the left half) is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_heic_is_accepted_and_its_rotation_is_applied_exactly_once():
    photo = intake_photo(hs.heic_bytes(orientation=6), "IMG_0002.HEIC")
    assert photo.media_type == "image/heic"
    assert (photo.width, photo.height) == (32, 64)


def test_a_16_bit_png_is_scaled_to_8_bits_not_clipped():
    photo = intake_photo(hs.png16_grey(), "deep.png")
    assert photo.image.getpixel((5, 5)) == (255, 255, 255)
    assert photo.image.getpixel((15, 5)) == (128, 128, 128)
    assert photo.image.getpixel((25, 5)) == (0, 0, 0)


def test_a_cmyk_jpeg_is_converted_to_rgb_colours():
    red = intake_photo(hs.cmyk_jpeg(), "print.jpg").image.getpixel((20, 15))
    assert red[0] > 200 and red[1] < 60 and red[2] < 60


def test_media_types_are_sniffed_from_magic_numbers():
    assert sniff_media_type(hs.jpeg_bytes()) == "image/jpeg"
    assert sniff_media_type(hs.heic_bytes()) == "image/heic"
    assert sniff_media_type(hs.animated_gif()) == "image/gif"
    assert sniff_media_type(b"%PDF-1.4") == "application/pdf"
    assert sniff_media_type(b"hello world") is None


def test_a_generated_board_photo_passes_intake_unchanged_in_size():
    from demo.photo_generator import _child_rng, make_photo, random_spec

    spec = random_spec(_child_rng(3, 0), key="t")
    _, image = make_photo(spec, "small", 3, 0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    photo = intake_photo(buffer.getvalue(), "board.jpg")
    assert photo.image.size == image.size
