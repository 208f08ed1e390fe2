/// The web view's stylesheet: system fonts, tabular figures for money, a colour per invoice
/// status, and fixed column widths so nothing jumps while the page refreshes itself.
enum WebPageStyle {
    static let css = #"""
        :root {
          --ink: #1d2430; --muted: #667085; --line: #e4e7ec; --paper: #ffffff; --ground: #f5f6f8;
          --accent: #2b59c3; --available: #2b59c3; --financed: #b26b00; --approved: #127a46; --reversed: #a3362b;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          font-size: 14px; line-height: 1.45; color: var(--ink); background: var(--ground);
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        header {
          display: grid; grid-template-columns: auto 1fr auto; gap: 24px; align-items: center;
          padding: 12px 24px; background: var(--paper); border-bottom: 1px solid var(--line);
        }
        .brand h1 { font-size: 20px; margin: 0; letter-spacing: -0.01em; }
        .brand span { color: var(--muted); }
        #token-form { display: flex; gap: 8px; }
        #token-form input { flex: 1; }
        .who { color: var(--muted); min-width: 260px; text-align: right; font-variant-numeric: tabular-nums; }
        .who strong { color: var(--ink); }
        main {
          display: grid; grid-template-columns: minmax(420px, 5fr) minmax(420px, 6fr) 300px; gap: 16px;
          padding: 16px 24px; align-items: start;
        }
        .panel { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 16px; min-height: 540px; }
        h2 { font-size: 15px; margin: 0 0 12px; font-variant-numeric: tabular-nums; }
        h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 0 0 6px; }
        h3 code { text-transform: none; letter-spacing: 0; font-weight: normal; }
        code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
        input, select, button { font: inherit; }
        input, select { padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); }
        button {
          padding: 6px 14px; border: 1px solid var(--accent); border-radius: 6px; background: var(--accent);
          color: #fff; cursor: pointer;
        }
        button.secondary { background: var(--paper); color: var(--accent); }
        button:disabled { opacity: 0.5; cursor: default; }
        .tabs { display: flex; gap: 4px; align-items: center; margin-bottom: 10px; }
        .tabs button { background: var(--paper); color: var(--ink); border-color: var(--line); }
        .tabs button.active { background: var(--ink); color: #fff; border-color: var(--ink); }
        .filter { margin-left: auto; color: var(--muted); }
        .notice { color: var(--muted); min-height: 1.45em; margin: 0 0 6px; }
        table { width: 100%; border-collapse: collapse; table-layout: fixed; }
        th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 6px 8px; border-bottom: 1px solid var(--line); }
        td { padding: 7px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        #invoices th:nth-child(1), #invoices th:nth-child(2) { width: 17%; }
        #invoices th:nth-child(3), #invoices th:nth-child(5) { width: 24%; }
        tbody tr { cursor: pointer; }
        tbody tr:hover { background: #f0f4ff; }
        tbody tr.selected { background: #e3ebff; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .status { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; }
        .status.AVAILABLE { background: var(--available); }
        .status.FINANCED { background: var(--financed); }
        .status.APPROVED { background: var(--approved); }
        .status.REVERSED { background: var(--reversed); }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .hint { color: var(--muted); margin: 0 0 8px; }
        .events { list-style: none; padding: 0; margin: 0; }
        .events li { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; padding: 8px 10px; margin-bottom: 8px; }
        .events .head { display: flex; gap: 8px; align-items: baseline; }
        .events .version { font-weight: 700; font-variant-numeric: tabular-nums; }
        .events .type { font-weight: 600; }
        .events time { margin-left: auto; color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
        .events pre { margin: 6px 0 0; white-space: pre-wrap; word-break: break-all; color: #344054; }
        .row { display: grid; grid-template-columns: max-content 1fr; gap: 6px 12px; margin: 0; }
        .row dt { color: var(--muted); }
        .row dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .action { display: grid; gap: 8px; padding-bottom: 14px; margin-bottom: 14px; border-bottom: 1px solid var(--line); }
        .action label { display: grid; gap: 2px; color: var(--muted); font-size: 12px; }
        .action input { color: var(--ink); font-size: 14px; }
        .action.inactive { opacity: 0.45; }
        .buttons { display: flex; gap: 8px; }
        .commands { list-style: none; padding: 0; margin: 0; }
        .commands li { padding: 6px 0; border-bottom: 1px solid var(--line); }
        .commands .state { font-weight: 600; font-size: 12px; }
        .commands .PENDING { color: var(--muted); }
        .commands .SUCCEEDED { color: var(--approved); }
        .commands .REJECTED, .commands .REFUSED { color: var(--reversed); }
        .commands .reason { display: block; color: var(--reversed); font-size: 12px; }
        .empty { color: var(--muted); font-style: italic; }
        """#
}
