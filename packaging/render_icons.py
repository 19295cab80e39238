"""Render resources/icons/tourmap.svg into the freedesktop hicolor PNG sizes.

Re-runnable: ``python packaging/render_icons.py`` (from the venv; needs PySide6 only).
Writes resources/icons/hicolor/<N>x<N>/apps/io.github.tourmap.Tourmap.png for every size
below and copies the SVG to hicolor/scalable/apps/. Runs headless (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.tourmap.Tourmap"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "tourmap.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main(argv: list[str]) -> int:
    out_root = Path(argv[1]) if len(argv) > 1 else ICONS / "hicolor"
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter wants one
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render_icons: cannot parse {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = out_root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"render_icons: cannot write {target}", file=sys.stderr)
            return 1
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    scalable = out_root / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(f"wrote {scalable.relative_to(ROOT) if scalable.is_relative_to(ROOT) else scalable}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
