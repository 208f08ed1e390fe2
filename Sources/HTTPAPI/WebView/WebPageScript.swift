/// The web view's behaviour: calls the /v1 API with the pasted token (kept in this tab's
/// sessionStorage only), polls once a second, and redraws a part only when its data changed, so
/// nothing flickers or jumps. Money is integers of minor units end to end: parsed from and
/// formatted to text by string arithmetic, never through a float.
enum WebPageScript {
    static let js = #"""
        "use strict";
        const state = { token: sessionStorage.getItem("token") || "", claims: null, tab: "invoices",
          selected: null, commands: [], sequence: 0, drawn: {} };
        const $ = (id) => document.getElementById(id);

        function claimsOf(token) {
          try {
            const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
            return JSON.parse(atob(part + "=".repeat((4 - part.length % 4) % 4)));
          } catch (e) { return null; }
        }

        async function api(method, path, body, headers) {
          const init = { method, headers: Object.assign({ Authorization: "Bearer " + state.token }, headers || {}) };
          if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
          const response = await fetch(path, init);
          let json = null;
          try { json = await response.json(); } catch (e) { json = null; }
          return { status: response.status, json };
        }

        function money(minor) {
          if (minor === null || minor === undefined) return "—";
          const negative = minor < 0, digits = String(Math.abs(minor)).padStart(3, "0");
          const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
          return (negative ? "−" : "") + whole + "." + digits.slice(-2);
        }

        function minorUnits(text) {
          const match = /^\s*(\d{1,13})(?:[.,](\d{1,2}))?\s*$/.exec(text);
          if (!match) return null;
          return Number(match[1]) * 100 + Number((match[2] || "0").padEnd(2, "0"));
        }

        function short(id) { return id ? id.slice(0, 8) : "—"; }
        function el(tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attrs || {})) {
            if (key === "class") node.className = value; else node.setAttribute(key, value);
          }
          for (const child of children) node.append(child instanceof Node ? child : String(child));
          return node;
        }
        function status(name) { return el("span", { class: "status " + name, "data-status": name }, name); }
        function changed(key, data) {
          const text = JSON.stringify(data);
          if (state.drawn[key] === text) return false;
          state.drawn[key] = text;
          return true;
        }

        function useToken(token) {
          state.token = token.trim();
          state.claims = claimsOf(state.token);
          sessionStorage.setItem("token", state.token);
          state.drawn = {};
          const who = $("who");
          who.replaceChildren();
          if (!state.claims) { who.append("no token yet"); return; }
          who.append("signed in as ", el("strong", {}, state.claims.role), " ", el("span", { class: "id", title: state.claims.sub }, short(state.claims.sub)));
          if (state.claims.role === "issuer") $("sell-issuer").value = state.claims.sub;
          if (state.claims.role === "investor") $("bid-investor").value = state.claims.sub;
          for (const form of document.querySelectorAll(".action")) {
            form.classList.toggle("inactive", form.dataset.role !== state.claims.role);
          }
          refresh();
        }

        function select(type, id) {
          state.selected = { type, id };
          if (type === "invoice") { $("bid-invoice").value = id; $("op-invoice").value = id; }
          state.drawn.detail = undefined;
          refreshDetail();
        }

        async function refreshLists() {
          if (!state.token) return;
          const notice = $("list-notice");
          if (state.tab === "invoices") {
            const filter = $("status-filter").value;
            const answer = await api("GET", "/v1/invoices?page_size=100" + (filter ? "&status=" + filter : ""));
            if (answer.status !== 200) { notice.textContent = answer.json ? answer.json.error.message : "no answer"; return; }
            notice.textContent = "";
            if (!changed("invoices", [answer.json.invoices, state.selected])) return;
            $("invoices").tBodies[0].replaceChildren(...answer.json.invoices.map((invoice) => {
              const row = el("tr", { "data-id": invoice.invoice_id },
                el("td", { class: "id", title: invoice.invoice_id }, short(invoice.invoice_id)),
                el("td", { class: "id", title: invoice.issuer_id }, short(invoice.issuer_id)),
                el("td", { class: "num" }, money(invoice.asking_price)),
                el("td", {}, status(invoice.status)),
                el("td", { class: "num" }, invoice.winning_bid ? money(invoice.winning_bid.amount) : "—"));
              if (state.selected && state.selected.id === invoice.invoice_id) row.classList.add("selected");
              row.addEventListener("click", () => select("invoice", invoice.invoice_id));
              return row;
            }));
          } else {
            const own = state.claims && state.claims.role === "investor";
            const answer = await api("GET", own ? "/v1/investors/" + state.claims.sub : "/v1/investors?page_size=100");
            const investors = answer.status !== 200 ? [] : own ? [answer.json] : answer.json.investors;
            notice.textContent = answer.status === 403 ? "Only operators list investors; an investor sees itself."
              : answer.status === 404 ? "This investor has no read model row yet." : "";
            if (!changed("investors", [investors, state.selected])) return;
            $("investors").tBodies[0].replaceChildren(...investors.map((investor) => {
              const row = el("tr", { "data-id": investor.investor_id },
                el("td", { class: "id", title: investor.investor_id }, short(investor.investor_id)),
                el("td", {}, investor.name), el("td", { class: "num" }, money(investor.balance)),
                el("td", { class: "num" }, money(investor.reserved)), el("td", { class: "num" }, money(investor.committed)));
              if (state.selected && state.selected.id === investor.investor_id) row.classList.add("selected");
              row.addEventListener("click", () => select("investor", investor.investor_id));
              return row;
            }));
          }
        }

        const moneyKeys = new Set(["asking_price", "balance", "reserved", "committed", "amount", "bid"]);
        function rowItems(value, prefix) {
          const items = [];
          for (const [key, field] of Object.entries(value || {})) {
            if (field && typeof field === "object") { items.push(...rowItems(field, prefix + key + ".")); continue; }
            let shown = field === null ? "—" : moneyKeys.has(key) ? money(field) : String(field);
            items.push(el("dt", {}, prefix + key), el("dd", { "data-field": prefix + key },
              key === "status" ? status(field) : shown));
          }
          return items;
        }

        async function refreshDetail() {
          const selected = state.selected;
          if (!selected || !state.token) return;
          const streamPath = "/v1/streams/" + selected.type + "/" + selected.id;
          const rowPath = (selected.type === "invoice" ? "/v1/invoices/" : "/v1/investors/") + selected.id;
          const [stream, row] = await Promise.all([api("GET", streamPath + "?page_size=1000"), api("GET", rowPath)]);
          if (!changed("detail", [selected, stream, row])) return;
          $("detail-title").textContent = (selected.type === "invoice" ? "Invoice " : "Investor ") + selected.id;
          $("stream-path").textContent = streamPath;
          $("row-path").textContent = rowPath;
          const events = $("events");
          if (stream.status !== 200) {
            events.replaceChildren(el("li", { class: "empty" }, stream.json ? stream.json.error.message : "no answer"));
          } else {
            events.replaceChildren(...stream.json.events.map((event) => el("li", { "data-type": event.type },
              el("div", { class: "head" }, el("span", { class: "version" }, "v" + event.version),
                el("span", { class: "type" }, event.type),
                el("time", { datetime: event.recorded_at || "", title: event.recorded_at || "" }, (event.recorded_at || "").slice(11, 23))),
              el("pre", {}, JSON.stringify(event.data, null, 2)))));
          }
          $("row").replaceChildren(...(row.status === 200 ? rowItems(row.json, "")
            : [el("dd", { class: "empty" }, row.json ? row.json.error.message : "no answer")]));
        }

        function drawCommands() {
          if (!changed("commands", state.commands)) return;
          $("commands").replaceChildren(...state.commands.map((command) => el("li", { "data-command": command.id || "", "data-state": command.state, "data-sequence": command.sequence },
            el("span", { class: "state " + command.state }, command.state), " ", command.label,
            command.reason ? el("span", { class: "reason" }, command.reason) : "")));
        }

        async function refreshCommands() {
          for (const command of state.commands.filter((c) => c.state === "PENDING")) {
            const answer = await api("GET", "/v1/commands/" + command.id);
            if (answer.status === 200 && answer.json.state !== "PENDING") {
              command.state = answer.json.state;
              command.reason = answer.json.reason || "";
            }
          }
          drawCommands();
        }

        async function submit(label, path, body) {
          const answer = await api("POST", path, body, { "Idempotency-Key": crypto.randomUUID() });
          const command = answer.status === 202 ? { id: answer.json.command_id, label, state: "PENDING", reason: "" }
            : { id: "", label, state: "REFUSED", reason: answer.json ? answer.json.error.message : "no answer (" + answer.status + ")" };
          command.sequence = ++state.sequence;
          state.commands.unshift(command);
          state.commands.length = Math.min(state.commands.length, 12);
          drawCommands();
          return answer;
        }

        function amountOrRefuse(label, text) {
          const amount = minorUnits(text);
          if (amount === null) {
            state.commands.unshift({ id: "", label, state: "REFUSED", reason: "amounts look like 30 or 30.00",
              sequence: ++state.sequence });
            drawCommands();
          }
          return amount;
        }

        async function refresh() {
          try { await Promise.all([refreshLists(), refreshDetail(), refreshCommands()]); } catch (e) { $("list-notice").textContent = "the service does not answer: " + e.message; }
        }

        document.addEventListener("DOMContentLoaded", () => {
          $("token-form").addEventListener("submit", (event) => { event.preventDefault(); useToken($("token").value); $("token").value = ""; });
          for (const tab of document.querySelectorAll(".tabs button")) {
            tab.addEventListener("click", () => {
              state.tab = tab.dataset.tab;
              for (const other of document.querySelectorAll(".tabs button")) other.classList.toggle("active", other === tab);
              for (const panel of document.querySelectorAll("[data-tab-panel]")) panel.hidden = panel.dataset.tabPanel !== state.tab;
              $("status-label").hidden = state.tab !== "invoices";
              state.drawn = {};
              refresh();
            });
          }
          $("status-filter").addEventListener("change", () => refreshLists());
          $("sell-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const amount = amountOrRefuse("sell", $("sell-price").value);
            if (amount === null) return;
            const answer = await submit("sell for " + money(amount), "/v1/invoices", { issuer_id: $("sell-issuer").value.trim(), asking_price: amount });
            if (answer.status === 202) select("invoice", answer.json.invoice_id);
          });
          $("bid-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const amount = amountOrRefuse("bid", $("bid-amount").value);
            if (amount === null) return;
            const invoice = $("bid-invoice").value.trim();
            await submit("bid " + money(amount) + " on " + short(invoice), "/v1/invoices/" + invoice + "/bids",
              { investor_id: $("bid-investor").value.trim(), bid: amount });
          });
          $("operator-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const action = event.submitter ? event.submitter.value : "approval";
            const invoice = $("op-invoice").value.trim();
            await submit((action === "approval" ? "approve " : "reverse ") + short(invoice), "/v1/invoices/" + invoice + "/" + action);
          });
          if (state.token) useToken(state.token);
          setInterval(refresh, 1000);
        });
        """#
}
