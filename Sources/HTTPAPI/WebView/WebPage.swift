/// The web view's page (SPEC §7, `GET /`): plain HTML served by the binary, no build step. It
/// holds no data: app.js fills it from the same /v1 API curl uses, with the token pasted once.
enum WebPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Financing — the event store beside the read models</title>
          <link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/assets/app.css">
          <script defer src="/assets/app.js"></script>
        </head>
        <body>
          <header>
            <div class="brand"><h1>Financing</h1><span>the event store beside the read models</span></div>
            <form id="token-form" autocomplete="off">
              <input id="token" type="password" placeholder="Paste a bearer token (financing token --role …)"
                     aria-label="Bearer token" spellcheck="false">
              <button type="submit">Use token</button>
            </form>
            <div id="who" class="who" data-testid="who">no token yet</div>
          </header>
          <main>
            <section class="panel lists">
              <nav class="tabs" role="tablist">
                <button type="button" data-tab="invoices" class="active" role="tab">Invoices</button>
                <button type="button" data-tab="investors" role="tab">Investors</button>
                <label class="filter" id="status-label">Status
                  <select id="status-filter">
                    <option value="">all</option><option>AVAILABLE</option><option>FINANCED</option>
                    <option>APPROVED</option><option>REVERSED</option>
                  </select>
                </label>
              </nav>
              <p class="notice" id="list-notice"></p>
              <table id="invoices" data-tab-panel="invoices">
                <thead><tr><th>Invoice</th><th>Issuer</th><th class="num">Asking</th><th>Status</th>
                  <th class="num">Winning bid</th></tr></thead>
                <tbody></tbody>
              </table>
              <table id="investors" data-tab-panel="investors" hidden>
                <thead><tr><th>Investor</th><th>Name</th><th class="num">Balance</th><th class="num">Reserved</th>
                  <th class="num">Committed</th></tr></thead>
                <tbody></tbody>
              </table>
            </section>
            <section class="panel detail">
              <h2 id="detail-title">Select an invoice or an investor</h2>
              <div class="columns">
                <div class="column">
                  <h3>Event store <code id="stream-path"></code></h3>
                  <p class="hint">What happened, in order: the source of truth.</p>
                  <ol id="events" class="events" data-testid="events"></ol>
                </div>
                <div class="column">
                  <h3>Read model <code id="row-path"></code></h3>
                  <p class="hint">What the projector made of it, for queries.</p>
                  <dl id="row" class="row" data-testid="row"></dl>
                </div>
              </div>
            </section>
            <aside class="panel actions">
              <form id="sell-form" class="action" data-role="issuer">
                <h3>Sell an invoice</h3>
                <label>Issuer <input id="sell-issuer" spellcheck="false" placeholder="issuer id"></label>
                <label>Asking price <input id="sell-price" inputmode="decimal" placeholder="30.00"></label>
                <button type="submit">Sell</button>
              </form>
              <form id="bid-form" class="action" data-role="investor">
                <h3>Bid on an invoice</h3>
                <label>Invoice <input id="bid-invoice" spellcheck="false" placeholder="select one in the list"></label>
                <label>Investor <input id="bid-investor" spellcheck="false" placeholder="investor id"></label>
                <label>Bid <input id="bid-amount" inputmode="decimal" placeholder="35.00"></label>
                <button type="submit">Bid</button>
              </form>
              <form id="operator-form" class="action" data-role="operator">
                <h3>Approve or reverse</h3>
                <label>Invoice <input id="op-invoice" spellcheck="false" placeholder="select one in the list"></label>
                <div class="buttons">
                  <button type="submit" id="approve" value="approval">Approve</button>
                  <button type="submit" id="reverse" value="reversal" class="secondary">Reverse</button>
                </div>
              </form>
              <h3>Commands</h3>
              <ol id="commands" class="commands" data-testid="commands"></ol>
            </aside>
          </main>
        </body>
        </html>
        """#
}
