"""The sample's page in a real browser: headless Chromium, networking off, driven with Playwright.

Chromium and a CJK font (without one, Chinese labels draw as boxes) come from
Debian's packages: where they are missing, the session fixture installs them
with apt-get, and skips with the reason where it cannot (no apt-get, not root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Debian package -> a file it installs.
PACKAGES = {"chromium": CHROMIUM, "fonts-wqy-microhei": Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")}
# No first-run work, no background updates or sync: the browser itself stays off the network.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SENTENCE = "徐汇区政协主席黄冲带领区党代表、区人大代表、区政协委员和律师代表组团来到华泾镇华发居民区"


def missing_packages(packages: dict[str, Path] = PACKAGES) -> list[str]:
    return [name for name, path in packages.items() if not path.exists()]


def apt_install(names: list[str]) -> str | None:
    """Install Debian packages with apt-get; return why it cannot be tried, or None once done.

    A failing apt-get (no mirror, broken lists) is a test failure, not a skip:
    CI must not pass without having run the browser.
    """
    apt = shutil.which("apt-get")
    if apt is None:
        return f"apt-get is not available to install {' '.join(names)}; install Chromium as /usr/bin/chromium and a CJK font"
    if os.geteuid() != 0:
        return f"not root, so apt-get cannot install {' '.join(names)}; run: sudo apt-get install -y {' '.join(names)}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    wait = ["-o", "DPkg::Lock::Timeout=600"]  # another apt run may hold the lock
    install = [apt, *wait, "install", "-y", *names]
    # A fresh machine has no package lists: update, then install again.
    for command in ([install], [[apt, *wait, "update"], install]):
        for step in command:
            done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=1800)
            if done.returncode:
                error = (done.stderr or done.stdout).strip().splitlines()[-1:]
                break
        else:
            return None
    pytest.fail(f"{' '.join(install)} failed: {' '.join(error)}")


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")
    missing = missing_packages()
    if missing:
        reason = apt_install(missing)
        if reason:
            pytest.skip(reason)
        assert not missing_packages(), f"apt-get ran but {missing_packages()} are still missing"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page opened from disk with every non-file request refused and recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kg && window.kg.ready", timeout=30_000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def search(self, text: str) -> None:
        self.page.fill("#kg-query", text)
        self.page.press("#kg-query", "Enter")
        self.page.wait_for_function("!window.kg.animating", timeout=10_000)

    def selected_labels(self) -> list[str]:
        return self.js("kg.network.getSelectedNodes().map(id => kg.data.nodes.find(n => n.id === id).label)")

    def hidden_labels(self) -> set[str]:
        return set(self.js("kg.nodes.get({filter: n => n.hidden}).map(n => kg.data.nodes.find(m => m.id === n.id).label)"))

    def click_node(self, label: str) -> None:
        """A real mouse click on the canvas where the node is drawn."""
        point = self.js(
            """label => {
                 const n = kg.data.nodes.find(x => x.label === label);
                 const p = kg.network.canvasToDOM(kg.network.getPosition(n.id));
                 const box = document.getElementById("kg-network").getBoundingClientRect();
                 return {x: box.left + p.x, y: box.top + p.y};
               }""",
            label,
        )
        self.page.mouse.click(point["x"], point["y"])

    def close(self) -> None:
        self.context.close()
        assert not self.errors, f"script errors in the page: {self.errors}"
        assert not self.remote, f"the page tried to fetch {self.remote}"


@pytest.fixture
def page(browser, sample_build):
    opened = Page(browser, sample_build[0] / "graph.html")
    yield opened
    opened.close()


def test_network_has_every_node(page, sample_graph):
    from kg.nx import to_networkx

    projection = to_networkx(sample_graph)
    assert page.js("kg.nodes.length") == projection.number_of_nodes()
    assert page.js("kg.network.body.nodeIndices.length") == projection.number_of_nodes()
    assert page.js("kg.edges.length") > 0
    assert f"{projection.number_of_nodes()} 个节点" in page.page.inner_text("#kg-summary")


def test_search_selects_and_click_shows_sources(page):
    page.page.fill("#kg-query", "黄")  # partial: 黄冲 and 黄冲慰问 are offered as one types
    offered = page.page.inner_text("#kg-matches")
    assert "黄冲" in offered and "黄冲慰问" in offered
    page.search("黄冲")
    assert page.selected_labels() == ["黄冲"]
    page.js('document.getElementById("kg-panel").textContent = ""')
    page.click_node("黄冲")
    panel = page.page.locator("#kg-panel")
    panel.get_by_text("大走访活动").first.wait_for(timeout=5_000)
    text = panel.inner_text()
    assert text.splitlines()[0].endswith("黄冲")
    assert "区政协主席" in text  # the position
    assert "“满意在徐汇·服务在基层”大走访活动" in text and SENTENCE in text
    assert "xuhui-2024-07-05-3" in text  # the document


def test_type_filter_hides_persons(page):
    persons = set(page.js("kg.data.nodes.filter(n => n.type === 'Person').map(n => n.label)"))
    assert "黄冲" in persons and page.hidden_labels() == set()
    page.page.locator('#kg-types input[value="Person"]').uncheck()
    assert page.hidden_labels() == persons
    assert "当前显示" in page.page.inner_text("#kg-summary")
    page.page.locator('#kg-types input[value="Person"]').check()
    assert page.hidden_labels() == set()


def test_neighbourhood_and_dates(page):
    page.search("黄冲")
    page.page.get_by_role("button", name="只看邻域 Neighbourhood").click()
    shown = set(page.js("kg.nodes.get({filter: n => !n.hidden}).map(n => kg.data.nodes.find(m => m.id === n.id).label)"))
    assert shown == {"黄冲", "徐汇区政协", "“满意在徐汇·服务在基层”大走访活动", "座谈会", "黄冲慰问"}
    page.page.get_by_role("button", name="显示全部 Show all").click()
    assert page.hidden_labels() == set()
    for field in ("#kg-from", "#kg-to"):
        page.page.fill(field, "2024-07-05")
        page.page.dispatch_event(field, "change")
    hidden = page.hidden_labels()
    assert "“满意在徐汇·服务在基层”大走访活动" in hidden and "黄冲" in hidden
    assert "“加速‘人工智能+’构筑新质生产力”主题论坛" not in hidden


def test_screenshot_is_a_drawing(page, tmp_path):
    from PIL import Image

    page.js("kg.network.fit({animation: false})")
    page.page.wait_for_timeout(200)
    shot = tmp_path / "network.png"
    page.page.locator("#kg-network").screenshot(path=str(shot))
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "the network area is (nearly) blank"
    counts = dict((c, n) for n, c in colours)
    for name, rgb in {"person": (0x4E, 0x79, 0xA7), "event": (0x9C, 0x4F, 0xB5), "place": (0x59, 0xA1, 0x4F)}.items():
        assert counts.get(rgb, 0) > 30, f"no {name} drawn"
    page.page.screenshot(path=str(tmp_path / "page.png"))


def test_untrusted_text_stays_text(browser, tmp_path):
    """Markup in names and sentences shows as typed and runs nothing."""
    import networkx as nx

    from kg.html import write_html

    evil = '<img src=x onerror="window.pwned=1">"引号"&<script>window.pwned=2</script>'
    g = nx.MultiDiGraph()
    g.add_node("p", label=f"张{evil}", type="Person", aliases=[evil])
    g.add_node("e", label="某会议", type="Event", start_date="2024-01-02")
    g.add_edge("e", "p", key="attendee", predicate="attendee", label="出席", sentences=[f"张某说：{evil}</script>"])
    path = write_html(g, tmp_path / "evil.html", title=evil)
    opened = Page(browser, path)
    try:
        opened.search("张")
        assert opened.selected_labels() == [f"张{evil}"]
        panel = opened.page.inner_text("#kg-panel")
        assert f"张某说：{evil}</script>" in panel and evil in panel
        assert opened.page.title() == evil
        assert opened.js("window.pwned === undefined")
        assert opened.js("document.querySelectorAll('#kg-panel img, #kg-panel script').length") == 0
    finally:
        opened.close()
