using System.Net;
using System.Text;

namespace EctLifecycle.Durability;

/// <summary>
/// A report as one self-contained French HTML page: inline CSS (screen and print), charts as inline SVG, no script and
/// nothing fetched, so it prints and mails as it is and Chromium turns it into the PDF.
/// </summary>
public static class HtmlWriter
{
    private const string Style = """
        :root { --ink: #1d2733; --muted: #5b6673; --line: #d5dbe1; --accent: #1f5f8b; --soft: #f3f6f9; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 60rem;
               padding: 0 1rem; font-size: 14px; line-height: 1.45; }
        header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; }
        h1 { font-size: 1.7rem; margin: 0 0 .2rem; color: var(--accent); }
        header p { margin: 0 0 .6rem; color: var(--muted); }
        h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
        h3 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
        dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .5rem; margin: 0 0 1rem; }
        dl div { background: var(--soft); border-left: 3px solid var(--accent); padding: .4rem .6rem; }
        dt { font-size: .8rem; color: var(--muted); }
        dd { margin: 0; font-weight: 600; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .85rem; }
        th, td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; }
        th { background: var(--soft); }
        td.word { white-space: nowrap; }
        .table-wrap { overflow-x: auto; margin: .4rem 0 1rem; } .table-wrap table { margin: 0; }
        .table-wrap:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
        p.empty { color: var(--muted); font-style: italic; }
        figure { margin: .6rem 0 1rem; }
        figcaption { font-size: .8rem; color: var(--muted); text-align: center; }
        svg { display: block; height: auto; max-width: 100%; }
        figure.drawing svg { width: 100%; max-height: 80vh; }
        .chart-title { font-weight: 600; margin: 0 0 .3rem; }
        .chart-narrow { display: none; }
        @media (max-width: 600px) { .chart-wide { display: none; } .chart-narrow { display: block; } }
        .chart-legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; padding: 0; margin: .3rem 0; font-size: .85rem; }
        .chart-legend li { display: flex; align-items: center; gap: .35rem; }
        .swatch { display: inline-block; width: 1.6rem; flex: none; } .swatch.fill { height: .8rem; } .swatch.mark { width: auto; }
        .chart-data summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
        footer { margin-top: 2rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .75rem; }
        @page { size: A4; margin: 14mm 12mm 16mm;
                @bottom-center { content: "page " counter(page) " sur " counter(pages); font-size: 9px; color: #5b6673; } }
        @media print {
          body { margin: 0; max-width: none; font-size: 11px; }
          table { font-size: 9.5px; }
          .table-wrap { overflow: visible; }
          td { overflow-wrap: break-word; hyphens: auto; }
          h2, h3 { break-after: avoid; }
          figure, tr, dl div, .chart-legend { break-inside: avoid; }
          h2 + *, h3 + * { break-before: avoid; }
          .chart-data { display: none; }
          thead { display: table-header-group; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    public static string Write(ReportDocument doc, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(doc.Title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
            .Append("<header><h1>").Append(E(doc.Title)).Append("</h1><p>").Append(E(doc.Subtitle)).Append("</p></header>\n<main>\n");
        var section = doc.Title;
        foreach (var block in doc.Blocks)
        {
            if (block is Heading h) section = h.Text;
            Write(html, block, section);
        }
        html.Append("</main>\n<footer><p>Rapport de durabilité produit le ")
            .Append(E(generatedAt.ToString("dd/MM/yyyy 'à' HH:mm", Fr.Culture))).Append(" par EctLifecycle.</p></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Write(StringBuilder html, Block block, string section)
    {
        switch (block)
        {
            case Heading h:
                html.Append($"<h{h.Level}>").Append(E(h.Text)).Append($"</h{h.Level}>\n");
                break;
            case Paragraph p:
                html.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                break;
            case KeyFigures k:
                html.Append("<dl>");
                foreach (var (label, value) in k.Items) html.Append("<div><dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");
                html.Append("</dl>\n");
                break;
            case Bullets b:
                html.Append("<ul>");
                foreach (var item in b.Items) html.Append("<li>").Append(E(item)).Append("</li>");
                html.Append("</ul>\n");
                break;
            case Table { Rows.Count: 0, Empty: { } empty }:
                html.Append("<p class=\"empty\">").Append(E(empty)).Append("</p>\n");
                break;
            case Table t:
                // On a phone a table wider than the screen scrolls in its box, which the keyboard reaches (the page has no script).
                html.Append("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Tableau : ").Append(E(section)).Append("\">");
                html.Append("<table><thead><tr>");
                foreach (var header in t.Headers) html.Append("<th>").Append(E(header)).Append("</th>");
                html.Append("</tr></thead><tbody>\n");
                foreach (var row in t.Rows)
                {
                    html.Append("<tr>");
                    // A key, a date or a number stays on one line when columns get narrow (print).
                    foreach (var cell in row) html.Append(cell.Length <= 12 && !cell.Contains(' ') ? "<td class=\"word\">" : "<td>").Append(E(cell)).Append("</td>");
                    html.Append("</tr>\n");
                }
                html.Append("</tbody></table></div>\n");
                break;
            case Figure f:
                html.Append(Web.InlineChart.Html(f.Draw(), f.Caption)).Append('\n');
                break;
            case Drawing { Svg: { } svg } d:
                html.Append("<figure class=\"drawing\">").Append(svg).Append("<figcaption>").Append(E(d.Caption)).Append("</figcaption></figure>\n");
                break;
            case Drawing d:
                html.Append("<p class=\"empty\" role=\"status\">").Append(E(d.Problem ?? "")).Append("</p>\n");
                break;
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
