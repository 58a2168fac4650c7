// The pages' stylesheet, inlined into every page. System fonts only: nothing to fetch or embed.
export const STYLES = `
:root{--fg:#1d2330;--muted:#5b6474;--bg:#fff;--panel:#f5f7fa;--line:#d8dde6;--a:#2f6db5;--b:#c8621b;--b-bg:#f7dcc7;
--del:#fbe3e3;--del-fg:#9b1c1c;--add:#e1f3e6;--add-fg:#1b6b34;--ok:#1b6b34;--bad:#9b1c1c;--focus:#f0b400;--heat:200 90 20;
--s0:#2f6db5;--s1:#c8621b;--s2:#2d8a4e;--s3:#8a3fb0;--s4:#6b6b6b}
@media (prefers-color-scheme:dark){:root{--fg:#e3e7ee;--muted:#a3acba;--bg:#161a21;--panel:#1f252e;--line:#38404c;--a:#6ea4e8;--b:#f09a55;--b-bg:#4a3222;
--del:#4a2326;--del-fg:#ffb3b3;--add:#1f3d29;--add-fg:#a6e5b8;--ok:#7fd69a;--bad:#ff9c9c;--heat:240 140 60;--s0:#6ea4e8;--s1:#f09a55;--s2:#6fcf8f;--s3:#c79be6;--s4:#b0b0b0}}
*{box-sizing:border-box}
[hidden]{display:none!important}
.pair{display:flex;flex-wrap:wrap;gap:0 36px;align-items:flex-start}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
code,pre,.mono,td.src,td.insn{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
a{color:var(--a)}
:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px 8px;z-index:9}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.page{padding:18px 28px 10px;border-bottom:1px solid var(--line);background:var(--panel)}
header.page h1{margin:0 0 8px;font-size:22px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.verdict{display:inline-flex;gap:8px;align-items:center;margin:10px 0 4px;padding:6px 12px;border-radius:6px;font-weight:600;border:2px solid}
.verdict.ok{color:var(--ok);border-color:var(--ok)}.verdict.bad{color:var(--bad);border-color:var(--bad)}
.verdict .sym{font-size:18px}
nav{position:sticky;top:0;z-index:5;background:var(--bg);border-bottom:1px solid var(--line);padding:6px 28px}
nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:0;list-style:none}
main{padding:8px 28px 40px;max-width:1320px}
section{margin:26px 0}
h2{font-size:18px;margin:0 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
.intro,.note{color:var(--muted);max-width:80ch}
.headline{font-size:17px;margin:6px 0 12px}
.headline strong{font-size:20px}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:6px 0 14px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--fg)}
th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--panel);position:sticky;top:0}
tbody th{font-weight:normal}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.same{color:var(--muted)}
tr.moved th{font-weight:600}
tr[data-jump]{cursor:pointer}
tr[data-jump]:hover{background:var(--panel)}
.tag{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;border:1px solid currentColor;margin-left:6px;white-space:nowrap}
.tag.a{color:var(--del-fg)}.tag.b{color:var(--add-fg)}
.neg{color:var(--ok)}.pos{color:var(--bad)}
button.sort{all:unset;cursor:pointer;font-weight:600}
button.sort::after{content:" ↕";color:var(--muted);font-weight:normal}
th[aria-sort=ascending] button.sort::after{content:" ▲";color:var(--fg)}
th[aria-sort=descending] button.sort::after{content:" ▼";color:var(--fg)}
button.sort:focus-visible{outline:3px solid var(--focus)}
button.act,select{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--panel);color:var(--fg);cursor:pointer}
button.act:hover{border-color:var(--a)}
.steps td{white-space:nowrap}
.bars{display:flex;flex-direction:column;gap:2px;width:180px}
.bars span{display:block;height:7px;min-width:0}
.bars .a{background:var(--a)}
.bars .b{background:repeating-linear-gradient(45deg,var(--b) 0 3px,var(--b-bg) 3px 6px);outline:1px solid var(--b)}
figure.chart{margin:4px 0 10px;overflow-x:auto}
svg{max-width:100%;height:auto}
svg text{fill:var(--fg);font-size:12px}
svg .bar-a{fill:var(--a)}svg .bar-b{fill:var(--b)}svg .bar-b-bg{fill:var(--b-bg)}svg .bar-b-edge{stroke:var(--b);stroke-width:1}
svg .bar-value,svg .tick{fill:var(--muted);font-size:11px}
svg .jumpable{cursor:pointer}svg .jumpable:hover .bar-label{text-decoration:underline}
svg .plot{fill:none;stroke:var(--line)}svg .grid{stroke:var(--line);stroke-width:.6}
svg .line{fill:none;stroke-width:2.2}
svg .line.s0{stroke:var(--s0)}svg .line.s1{stroke:var(--s1);stroke-dasharray:7 4}svg .line.s2{stroke:var(--s2);stroke-dasharray:2 3}
svg .line.s3{stroke:var(--s3);stroke-dasharray:10 3 2 3}svg .line.s4{stroke:var(--s4);stroke-dasharray:4 4}
svg .mark.s0{fill:var(--s0)}svg .mark.s1{fill:var(--s1)}svg .mark.s2{fill:var(--s2)}svg .mark.s3{fill:var(--s3)}svg .mark.s4{fill:none;stroke:var(--s4);stroke-width:2}
svg .ring{fill:none;stroke:var(--fg);stroke-width:2}svg .ring-label{font-weight:700}
svg.icon{vertical-align:-2px;margin-right:4px}
.panels{display:flex;flex-wrap:wrap;gap:18px 28px}
.panel{flex:0 1 580px;min-width:0}
.panel h3{margin-top:4px}
.panel td,.panel th{white-space:nowrap}
ol.crossings{margin:4px 0 10px;padding-left:22px}
pre.mail{background:var(--panel);border:1px solid var(--line);padding:10px 14px;white-space:pre;overflow-x:auto;tab-size:8;max-width:90ch}
.mailbox{display:flex;flex-direction:column;gap:6px;align-items:flex-start}
.status{color:var(--ok);min-height:1.2em}
.controls{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:6px 0 8px}
table.source{width:100%;table-layout:auto}
table.source td,table.source th{padding:0 8px;border-bottom:none;line-height:1.5}
table.source td.count{min-width:4.5em}
table.source td.ln{color:var(--muted);text-align:right;user-select:none}
table.source td.src{white-space:pre;width:100%}
table.source tr.del td.src{background:var(--del)}table.source tr.add td.src{background:var(--add)}
table.source tr.target td{box-shadow:inset 0 2px 0 var(--focus),inset 0 -2px 0 var(--focus)}
table.source tr.exp td{background:var(--panel)}
table.source tr.exp td.src{padding-left:28px;color:var(--muted)}
button.fold{all:unset;cursor:pointer;color:var(--a);margin-left:10px;font-family:system-ui,sans-serif;font-size:12px}
button.fold:focus-visible{outline:3px solid var(--focus)}
.heat{background:rgb(var(--heat)/var(--h,0))}
.step-list{list-style:none;padding:0;margin:0}
.step-list>li{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:6px 10px}
.step-head{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.step-head .what{color:var(--muted)}
table.trace{width:100%}
table.trace td,table.trace th{padding:1px 8px;border-bottom:none}
table.trace td.insn{white-space:pre}
table.trace tr.del{background:var(--del)}table.trace tr.add{background:var(--add)}
table.trace tr.del td.op{color:var(--del-fg);font-weight:700}table.trace tr.add td.op{color:var(--add-fg);font-weight:700}
table.trace tr.stretch td{font-weight:600;padding-top:4px}
table.trace tr.gap td{color:var(--muted);font-style:italic}
.pager{display:flex;gap:8px;align-items:center;margin:4px 0}
details>summary{cursor:pointer}
@media print{nav,.controls,button{display:none}}
`;
