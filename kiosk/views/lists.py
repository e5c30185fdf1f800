"""The agency grid and the services of an agency (with the on-screen keyboard search)."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ..viewmodels.catalog import Agency, Service
from ..viewmodels.kiosk import KioskViewModel
from .grid import PagedGrid
from .keyboard import OnScreenKeyboard
from .style import Metrics
from .widgets import Tile, button, label, set_role


def _pager_texts(vm: KioskViewModel) -> tuple[str, str, str]:
    return vm.t("prev"), vm.t("next"), vm.t("page", page="{page}", pages="{pages}")


class AgenciesScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("AgenciesScreen")
        self.vm = vm
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = button("", vm.back, name="BackButton")
        self.title = label("", "title", name="ScreenTitle")
        self.search = button("", vm.search_all, name="SearchAllButton")
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        top.addWidget(self.search)
        box.addLayout(top)
        self.grid = PagedGrid(420, 180, name="AgencyGrid")
        box.addWidget(self.grid, 1)
        self._shown: object = None

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setContentsMargins(m.pad, m.pad, m.pad, m.pad)
        self.layout().setSpacing(m.gap)
        self.back.setText("‹ " + vm.t("back"))
        self.title.setText(vm.t("choose_agency"))
        self.search.setText(vm.t("search_all"))
        agencies = vm.agencies()
        key = (vm.lang, m, tuple(agencies))
        if key != self._shown:
            self.grid.show_items(m, agencies, lambda a: self._tile(a, m), _pager_texts(vm),
                                 vm.t("loading"))
            self._shown = key

    def _tile(self, a: Agency, m: Metrics) -> Tile:
        vm = self.vm
        if a.is_open:
            status = f"{vm.t('open')} · " + vm.t("services_open", open=a.open_services,
                                                  total=len(a.services))
        else:
            status = " · ".join(x for x in (vm.t("closed"), vm.opens_again(a.next_opening, True)
                                            or a.why_closed(vm.lang)) if x)
        subtitle = a.name if a.name != a.short_name else ""
        tile = Tile(m, a.initials, a.color, a.short_name, subtitle, status, a.is_open,
                    dim=not a.is_open, name=f"Agency_{a.code}")
        tile.clicked.connect(lambda _=False, i=a.id: vm.choose_agency(i))
        return tile


class ServicesScreen(QWidget):
    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self.setObjectName("ServicesScreen")
        self.vm = vm
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back = button("", vm.back, name="BackButton")
        self.title = label("", "heading", name="ScreenTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.search = button("", lambda: vm.set_keyboard(True), "search", "SearchField")
        self.search.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        top.addWidget(self.back)
        top.addWidget(self.title, 4)
        top.addWidget(self.search, 5)
        box.addLayout(top)
        self.grid = PagedGrid(560, 170, name="ServiceGrid")
        box.addWidget(self.grid, 1)
        self.keyboard = OnScreenKeyboard(vm)
        box.addWidget(self.keyboard)
        self._shown: object = None

    def render(self, vm: KioskViewModel, m: Metrics) -> None:
        self.layout().setContentsMargins(m.pad, m.pad, m.pad, m.pad)
        self.layout().setSpacing(m.gap)
        agency = vm.agency()
        self.back.setText("‹ " + vm.t("back"))
        self.title.setText(vm.t("choose_service", agency=agency.short_name) if agency
                           else vm.t("all_services"))
        caret = "▏" if vm.keyboard_visible else ""
        self.search.setText(vm.query.upper() + caret if vm.query
                            else caret + vm.t("search_placeholder"))
        self.search.setProperty("empty", not vm.query)
        set_role(self.search, "search")
        self.search.style().unpolish(self.search)
        self.search.style().polish(self.search)
        self.keyboard.setVisible(vm.keyboard_visible)
        self.keyboard.render(vm, max(4, m.gap // 2))
        services = vm.services()
        key = (vm.lang, m, vm.agency_id, vm.query, tuple(services))
        if key != self._shown:
            empty = (vm.t("no_results", query=vm.query) if vm.query else vm.t("no_services"))
            reset = not self._shown or self._shown[2:4] != key[2:4]  # type: ignore[index]
            self.grid.show_items(m, services, lambda s: self._tile(s, m), _pager_texts(vm),
                                 empty, reset=reset)
            self._shown = key

    def _tile(self, s: Service, m: Metrics) -> Tile:
        vm = self.vm
        catalog = vm.catalog
        agency = catalog.agency(s.agency_id) if catalog else None
        parts = [agency.short_name] if (agency and vm.agency_id is None) else []
        if s.issuable:
            status = f"{vm.t('open')} · " + vm.t("waiting", n=s.waiting)
        else:
            parts.append(s.why_closed(vm.lang))
            status = " · ".join(x for x in (vm.t("closed"), vm.opens_again(s.next_opening, True)) if x)
        tile = Tile(m, s.prefix or "?", agency.color if agency else "#0B4F9C", s.name,
                    " · ".join(p for p in parts if p), status, s.issuable, dim=not s.issuable,
                    name=f"Service_{s.id}")
        tile.clicked.connect(lambda _=False, i=s.id: vm.choose_service(i))
        return tile
