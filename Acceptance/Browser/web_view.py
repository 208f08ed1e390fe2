"""The web view driven as a person would (SPEC §7, `GET /`), in a real headless Chromium.

An issuer and an investor registered by populate, and an operator, each paste their token; the
issuer sells through the page, the investor bids, the operator approves; the page must show each
outcome, the invoice's three events from the event store beside its APPROVED read-model row, the
money formatted from minor units, and a bid beyond the balance rejected with its reason. Run by scripts/lib/browser-test.

    web_view.py --url http://127.0.0.1:8082 --populate BIN --financing BIN [--screenshot FILE]
"""

import argparse
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

DEADLINE_S = 30


def parties(populate):
    """An issuer and an investor (balance 100.00) with their tokens, as populate prints them."""
    out = subprocess.run(
        [populate, "--issuers", "1", "--investors", "1", "--balance", "10000", "--token-hours", "1"],
        check=True, capture_output=True, text=True,
    ).stdout.split("\n")
    found = {}
    for line in out:
        fields = line.split()
        if len(fields) == 3 and fields[0] in ("issuer", "investor"):
            found[fields[0]] = (fields[1], fields[2])
    return found["issuer"], found["investor"]


def operator_token(financing):
    return subprocess.run(
        [financing, "token", "--role", "operator", "--ttl", "30m"], check=True, capture_output=True, text=True
    ).stdout.strip()


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("FINANCING_CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000"):
        options.add_argument(flag)
    driver_path = os.environ.get("FINANCING_CHROMEDRIVER", "/usr/bin/chromedriver")
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


class Page:
    def __init__(self, driver, url):
        self.driver = driver
        self.url = url
        # The page redraws what changed once a second: an element found just before may be replaced.
        self.wait = WebDriverWait(
            driver, DEADLINE_S, poll_frequency=0.2,
            ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
        )

    def field(self, element_id, text):
        element = self.driver.find_element(By.ID, element_id)
        element.clear()
        element.send_keys(text)

    def sign_in(self, token, role):
        self.field("token", token)
        self.driver.find_element(By.CSS_SELECTOR, "#token-form button").click()
        self.wait.until(ec.text_to_be_present_in_element((By.ID, "who"), role))

    # Read in one script, so a redraw between two reads cannot mix two versions of the log.
    NEWEST_COMMAND = """
        const li = document.querySelector('#commands li');
        if (!li) return null;
        const reason = li.querySelector('.reason');
        return {sequence: Number(li.dataset.sequence), state: li.dataset.state, text: li.textContent,
                reason: reason ? reason.textContent : ''};
    """

    def newest_command(self):
        return self.driver.execute_script(self.NEWEST_COMMAND)

    def outcome(self, button_selector):
        """Clicks `button_selector`, waits until the command it made leaves PENDING; returns it."""
        before = (self.newest_command() or {}).get("sequence", 0)
        self.driver.find_element(By.CSS_SELECTOR, button_selector).click()
        return self.wait.until(
            lambda d: (c := self.newest_command()) and c["sequence"] > before and c["state"] != "PENDING" and c
        )

    def command(self, button_selector, expected):
        command = self.outcome(button_selector)
        assert command["state"] == expected, f"expected {expected}, the page shows {command['text']}"
        return command

    def invoice_row(self, invoice, status, click=False):
        """Waits until the list shows `invoice` with `status`; returns the row's text (clicked, if asked)."""
        script = """
            const row = document.querySelector('#invoices tr[data-id="' + arguments[0] + '"]');
            if (!row || !row.querySelector('[data-status="' + arguments[1] + '"]')) return null;
            if (arguments[2]) row.click();
            return row.textContent;
        """
        return self.wait.until(lambda d: d.execute_script(script, invoice, status, click))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--populate", required=True)
    parser.add_argument("--financing", required=True)
    parser.add_argument("--screenshot")
    args = parser.parse_args()

    (issuer, issuer_token), (investor, investor_token) = parties(args.populate)
    operator = operator_token(args.financing)
    driver = browser()
    try:
        page = Page(driver, args.url)
        driver.get(args.url + "/")
        assert "Financing" in driver.title, driver.title
        step = lambda text: print(f"[web view] {text}", flush=True)  # noqa: E731

        page.sign_in(issuer_token, "issuer")
        step("issuer signed in; selling an invoice asking 30.00")
        assert driver.find_element(By.ID, "sell-issuer").get_attribute("value") == issuer
        page.field("sell-price", "30.00")
        # The issuer's registration may still be on its way: a sale before it lands is rejected.
        deadline = time.monotonic() + DEADLINE_S
        while True:
            sale = page.outcome("#sell-form button[type=submit]")
            if sale["state"] == "SUCCEEDED" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert sale["state"] == "SUCCEEDED", sale["text"]
        invoice = driver.find_element(By.ID, "bid-invoice").get_attribute("value")
        row = page.invoice_row(invoice, "AVAILABLE")
        assert "30.00" in row, row
        step(f"invoice {invoice} is AVAILABLE in the list")

        page.sign_in(investor_token, "investor")
        page.invoice_row(invoice, "AVAILABLE", click=True)
        page.field("bid-amount", "35.00")
        page.command("#bid-form button[type=submit]", "SUCCEEDED")
        page.invoice_row(invoice, "FINANCED")
        step("the investor's bid of 35.00 financed it")

        page.sign_in(operator, "operator")
        page.invoice_row(invoice, "FINANCED", click=True)
        page.command("#approve", "SUCCEEDED")
        row = page.invoice_row(invoice, "APPROVED")
        assert "35.00" in row, row
        step("the operator approved it")

        page.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#events li[data-type]")) == 3)
        types = [li.get_attribute("data-type") for li in driver.find_elements(By.CSS_SELECTOR, "#events li[data-type]")]
        assert types == ["InvoiceCreated", "InvoiceFinanced", "InvoiceApproved"], types
        page.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, '#row [data-field="status"] [data-status="APPROVED"]')))
        asking = driver.find_element(By.CSS_SELECTOR, '#row [data-field="asking_price"]').text
        assert asking == "30.00", asking
        step("its events in the event store stand beside its APPROVED read-model row")

        page.sign_in(investor_token, "investor")
        page.invoice_row(invoice, "APPROVED", click=True)
        page.field("bid-amount", "500.00")
        rejected = page.command("#bid-form button[type=submit]", "REJECTED")
        reason = rejected["reason"]
        assert reason, rejected["text"]
        step(f"a bid beyond the investor's 70.00 left is shown REJECTED: {reason}")

        page.sign_in(operator, "operator")
        page.invoice_row(invoice, "APPROVED", click=True)
        page.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#events li[data-type]")) == 3)
        if args.screenshot:
            driver.save_screenshot(args.screenshot)
            step(f"screenshot: {args.screenshot}")
        # Answers such as a 403 for a stream not yet written are the page's to show, not errors; a
        # script error or a refused asset (Content-Security-Policy) is.
        errors = [
            entry for entry in driver.get_log("browser")
            if entry.get("level") == "SEVERE" and not (entry.get("source") == "network" and "/v1/" in entry["message"])
        ]
        assert not errors, f"the page logged errors: {errors}"
        step("passed")
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
