"""Issue 20: the clerk's journey in a real browser (Debian's headless Chromium, driven by selenium).

home → import a received .docx → the commune wizard (three units mapped, a task dropped, one edited, one
added) → build → download the .zip, checked byte for byte against ``kehoach build`` of the saved plan file.
Screenshots of each step are kept in ``tests/artifacts/web/`` (three of them are in the README).
"""

from __future__ import annotations

import io
import os
import shutil
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .webserver import serve

ROOT = Path(__file__).resolve().parent.parent
RECEIVED = ROOT / "tests" / "data" / "that" / "bac-ninh-144-kh-ubnd-2025.docx"
ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")

pytestmark = pytest.mark.slow


@pytest.fixture
def browser():
    if not (CHROMIUM and DRIVER):
        if os.environ.get("CI"):
            pytest.fail("Chromium and ChromeDriver are needed in CI (.ci/run installs chromium chromium-driver)")
        pytest.skip("no chromium/chromedriver on this machine")
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1366,768", "--lang=vi"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def click_and_wait(driver, element) -> None:
    """Click a link or a submit button and wait until the next page has replaced this one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    # While the old page is torn down, ChromeDriver may answer a staleness probe with "Node with given id does
    # not belong to the document" (seen with the suite on every core): that is the navigation under way, ask again.
    WebDriverWait(driver, 60, ignored_exceptions=(WebDriverException,)).until(expected_conditions.staleness_of(page))


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_the_clerks_journey_in_a_browser(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    folder, out = tmp_path / "plan_data", tmp_path / "output"
    folder.mkdir()
    with serve(folder, out) as (url, _):
        browser.get(url)
        assert "Các kế hoạch trong thư mục" in browser.page_source
        click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Nhập kế hoạch nhận được (Word)"))
        browser.find_element(By.NAME, "tep").send_keys(str(RECEIVED))
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.upload button"))
        assert "đọc được: 2 mục, 19 nhiệm vụ" in browser.find_element(By.CSS_SELECTOR, ".summary").text
        assert browser.find_elements(By.CSS_SELECTOR, "table.unit-fix input[name^=ten-]")  # units to correct
        shot(browser, "1-nhap")
        name = browser.find_element(By.NAME, "ten")
        name.clear()
        name.send_keys("tinh-bac-ninh")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.save button"))
        assert browser.current_url.endswith("/ke-hoach/tinh-bac-ninh")

        click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Tạo kế hoạch cho xã từ kế hoạch này"))
        browser.find_element(By.NAME, "ten").send_keys("Tam Sơn")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.steps button"))
        browser.find_element(By.NAME, "ngay").send_keys("15/12/2025")
        browser.find_element(By.NAME, "nguoi_ky").send_keys("Lê Thị Điền")
        Select(browser.find_element(By.NAME, "dv-so-noi-vu")).select_by_value("phong-vhxh")
        Select(browser.find_element(By.NAME, "dv-van-phong-ubnd-tinh")).select_by_value("phong-vhxh")
        Select(browser.find_element(By.NAME, "dv-ngan-hang-nha-nuoc-khu-vuc-xii")).select_by_value("bo")
        browser.find_element(By.NAME, "bo-II.13").click()
        edited = browser.find_element(By.NAME, "nd-II.12")
        edited.clear()
        edited.send_keys("Tỷ trọng kinh phí từ xã hội cho nghiên cứu phát triển của xã đạt trên 60%.")
        Select(browser.find_element(By.NAME, "them-sau")).select_by_value("II.1")
        Select(browser.find_element(By.NAME, "them-chu-tri")).select_by_value("phong-vhxh")
        added = "Tỷ lệ hộ gia đình có kết nối Internet cáp quang đạt 90%."
        browser.find_element(By.NAME, "them-noi-dung").send_keys(added)
        browser.execute_script("window.scrollTo(0, 0)")
        shot(browser, "2-tao-xa")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.steps button[type=submit]"))
        assert browser.current_url.endswith("/ke-hoach/xa-tam-son")
        assert "Ủy ban nhân dân xã Tam Sơn" in browser.page_source

        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".actions form button"))
        # the build runs in the background: the progress page refreshes itself until the bundle's page
        WebDriverWait(browser, 60).until(lambda d: d.current_url.endswith(("/bo", "/dang-tao")))
        WebDriverWait(browser, 120).until(lambda d: d.current_url.endswith("/ke-hoach/xa-tam-son/bo"))
        # each document shown by its first page (drawn by LibreOffice at the first visit)
        first = browser.find_element(By.CSS_SELECTOR, ".thumbs img")
        WebDriverWait(browser, 120).until(lambda d: d.execute_script("return arguments[0].naturalWidth", first) > 0)
        shot(browser, "3-bo-van-ban")
        link = browser.find_element(By.LINK_TEXT, "Tải cả bộ (.zip)").get_attribute("href")
        archive = zipfile.ZipFile(io.BytesIO(urllib.request.urlopen(link, timeout=30).read()))

    saved = folder / "xa-tam-son.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "II.13: {bo: true}" in text and "sau: II.1" in text and "ngan-hang-nha-nuoc-khu-vuc-xii: null" in text
    cli_out = tmp_path / "cli"
    assert CliRunner().invoke(main, ["build", str(saved), "-o", str(cli_out)]).exit_code == 0
    cli = {p.relative_to(cli_out).as_posix(): p.read_bytes() for p in (cli_out / "xa-tam-son").rglob("*")
           if p.is_file()}
    assert {n: archive.read(n) for n in archive.namelist()} == cli


def test_a_clerk_collects_returned_forms_in_a_browser(browser, tmp_path: Path) -> None:
    """Issue 22 through the page: two filled forms chosen at once in the file dialog → the summary, the problems
    and the files; the tracker downloaded is the one written."""
    from selenium.webdriver.common.by import By

    from generator.build import build_plan

    from . import fill_forms as ff

    folder, out = tmp_path / "plan_data", tmp_path / "output"
    folder.mkdir()
    for name in ("xa-xop.yaml", "kon-tum-cap-xa.yaml", "kon-tum.yaml"):  # Xốp extends the other two
        shutil.copy(ROOT / "plan_data" / name, folder)
    build_plan(folder / "xa-xop.yaml", tmp_path / "b")
    forms = tmp_path / "b" / "xa-xop" / "bao-cao"
    doc = ff.open_form(next(forms.glob("01-*.docx")))
    ff.mark(doc, 1, "Đã thực hiện", "tick")
    ff.write(doc, 1, "Kết quả", "Đã tổ chức 3 hội nghị")
    ff.save(doc, tmp_path / "phong-kinh-te.docx")
    doc = ff.open_form(next(forms.glob("02-*.docx")))
    ff.mark(doc, 1, "Đang thực hiện", "words")
    ff.add_row(doc, "Việc đơn vị tự thêm", "Đã hoàn thành", "")
    ff.save(doc, tmp_path / "vhxh.docx")
    with serve(folder, out) as (url, _):
        browser.get(url + "ke-hoach/xa-xop")
        click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Tổng hợp báo cáo đơn vị gửi về"))
        browser.find_element(By.NAME, "tep").send_keys(f"{tmp_path / 'phong-kinh-te.docx'}\n{tmp_path / 'vhxh.docx'}")
        date = browser.find_element(By.NAME, "ngay")
        date.clear()
        date.send_keys("10/12/2026")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.upload button"))
        page = browser.find_element(By.TAG_NAME, "body").text
        shot(browser, "4-tong-hop")
        assert "Đã đọc 2 tệp: 2/10 đơn vị đã báo cáo" in page
        assert "không khớp nhiệm vụ nào" in page and "Việc đơn vị tự thêm" in page
        link = browser.find_element(By.LINK_TEXT, "theo-doi.xlsx").get_attribute("href")
        assert urllib.request.urlopen(link, timeout=30).read() == (out / "xa-xop-tong-hop" / "theo-doi.xlsx"
                                                                   ).read_bytes()
