# Desktop integration and the PyInstaller bundle. Included by the top-level Makefile
# (`-include packaging/packaging.mk`), which defines PY, VENV and STAMP.
#
#   make icons           re-render the PNG icons from resources/icons/tourmap.svg
#   make desktop-check   validate the .desktop and AppStream files
#   make install-desktop install desktop file, metainfo, MIME type and icons under PREFIX
#   make uninstall-desktop
#   make bundle          one-folder PyInstaller bundle in dist/tourmap
#   make bundle-test     run the bundle the way a user would (packaging/bundle_smoke.sh)

APP_ID      := io.github.tourmap.Tourmap
LINUX_DIR   := packaging/linux
ICON_DIR    := resources/icons/hicolor
ICON_SIZES  := 16 22 24 32 48 64 128 256 512

PREFIX  ?= $(HOME)/.local
DESTDIR ?=
DATADIR ?= $(PREFIX)/share
INSTALL ?= install

.PHONY: icons desktop-check install-desktop uninstall-desktop bundle bundle-test

icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/render_icons.py

desktop-check:
	@missing=""; \
	command -v desktop-file-validate >/dev/null 2>&1 || missing="$$missing desktop-file-validate"; \
	command -v appstreamcli >/dev/null 2>&1 || missing="$$missing appstreamcli"; \
	if [ -n "$$missing" ]; then \
		echo "desktop-check: missing$$missing." >&2; \
		echo "  Install the validators:  sudo apt-get install desktop-file-utils appstream" >&2; \
		echo "  (Fedora: sudo dnf install desktop-file-utils appstream)" >&2; \
		exit 1; \
	fi
	desktop-file-validate $(LINUX_DIR)/$(APP_ID).desktop
	appstreamcli validate --no-net $(LINUX_DIR)/$(APP_ID).metainfo.xml
	@echo "desktop-check: ok"

# Freedesktop layout under $(DESTDIR)$(DATADIR):
#   applications/<id>.desktop, metainfo/<id>.metainfo.xml, mime/packages/<id>.xml,
#   icons/hicolor/<N>x<N>/apps/<id>.png and icons/hicolor/scalable/apps/<id>.svg.
# The caches are refreshed only for a real install (no DESTDIR); packagers run their own triggers.
install-desktop:
	$(INSTALL) -Dm644 $(LINUX_DIR)/$(APP_ID).desktop $(DESTDIR)$(DATADIR)/applications/$(APP_ID).desktop
	$(INSTALL) -Dm644 $(LINUX_DIR)/$(APP_ID).metainfo.xml $(DESTDIR)$(DATADIR)/metainfo/$(APP_ID).metainfo.xml
	$(INSTALL) -Dm644 $(LINUX_DIR)/$(APP_ID).xml $(DESTDIR)$(DATADIR)/mime/packages/$(APP_ID).xml
	@set -e; for size in $(ICON_SIZES); do \
		echo "$(INSTALL) -Dm644 $(ICON_DIR)/$${size}x$${size}/apps/$(APP_ID).png $(DESTDIR)$(DATADIR)/icons/hicolor/$${size}x$${size}/apps/$(APP_ID).png"; \
		$(INSTALL) -Dm644 $(ICON_DIR)/$${size}x$${size}/apps/$(APP_ID).png \
			$(DESTDIR)$(DATADIR)/icons/hicolor/$${size}x$${size}/apps/$(APP_ID).png; \
	done
	$(INSTALL) -Dm644 $(ICON_DIR)/scalable/apps/$(APP_ID).svg $(DESTDIR)$(DATADIR)/icons/hicolor/scalable/apps/$(APP_ID).svg
	@if [ -z "$(DESTDIR)" ]; then \
		if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$(DATADIR)/mime" || true; fi; \
		if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$(DATADIR)/applications" || true; fi; \
		if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$(DATADIR)/icons/hicolor/index.theme" ]; then \
			gtk-update-icon-cache -q -t "$(DATADIR)/icons/hicolor" || true; \
		fi; \
		if ! command -v tourmap-gui >/dev/null 2>&1; then \
			echo "install-desktop: note: 'tourmap-gui' is not on PATH; the menu entry runs 'tourmap-gui %f'." >&2; \
			echo "  Install the command too, e.g. pipx install . (or link dist/tourmap/tourmap as tourmap-gui on PATH)." >&2; \
		fi; \
	fi
	@echo "install-desktop: installed under $(DESTDIR)$(DATADIR)"

uninstall-desktop:
	rm -f $(DESTDIR)$(DATADIR)/applications/$(APP_ID).desktop \
	      $(DESTDIR)$(DATADIR)/metainfo/$(APP_ID).metainfo.xml \
	      $(DESTDIR)$(DATADIR)/mime/packages/$(APP_ID).xml \
	      $(DESTDIR)$(DATADIR)/icons/hicolor/scalable/apps/$(APP_ID).svg \
	      $(foreach size,$(ICON_SIZES),$(DESTDIR)$(DATADIR)/icons/hicolor/$(size)x$(size)/apps/$(APP_ID).png)
	@if [ -z "$(DESTDIR)" ] && command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$(DATADIR)/mime" || true; fi

bundle: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bundle]'
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build packaging/tourmap.spec
	@echo "bundle: dist/tourmap ($$(du -sh dist/tourmap | cut -f1)); run dist/tourmap/tourmap"

bundle-test:
	VENV_DIR="$(abspath $(VENV))" bash packaging/bundle_smoke.sh dist/tourmap
