using System.Text;

namespace EctLifecycle.Durability;

/// <summary>A report as Markdown (GitHub tables). Charts cannot be inlined: a line says so, the tables carry their figures.</summary>
public static class MarkdownWriter
{
    public static string Write(ReportDocument doc, DateTimeOffset generatedAt)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Inline(doc.Title)).Append("\n\n_").Append(Inline(doc.Subtitle)).Append("_\n\n");
        foreach (var block in doc.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    md.Append(new string('#', h.Level)).Append(' ').Append(Inline(h.Text)).Append("\n\n");
                    break;
                case Paragraph p:
                    md.Append(Inline(p.Text)).Append("\n\n");
                    break;
                case KeyFigures k:
                    foreach (var (label, value) in k.Items) md.Append("- **").Append(Inline(label)).Append("** : ").Append(Inline(value)).Append('\n');
                    md.Append('\n');
                    break;
                case Bullets b:
                    foreach (var item in b.Items) md.Append("- ").Append(Inline(item)).Append('\n');
                    md.Append('\n');
                    break;
                case Table { Rows.Count: 0, Empty: { } empty }:
                    md.Append('_').Append(Inline(empty)).Append("_\n\n");
                    break;
                case Table t:
                    md.Append("| ").AppendJoin(" | ", t.Headers.Select(Cell)).Append(" |\n|").AppendJoin("|", t.Headers.Select(_ => "---")).Append("|\n");
                    foreach (var row in t.Rows) md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
                    md.Append('\n');
                    break;
                case Figure f:
                    md.Append("_Graphique « ").Append(Inline(f.Caption)).Append(" » : voir la version HTML ou PDF du rapport._\n\n");
                    break;
                case Drawing { Problem: { } problem }:
                    md.Append('_').Append(Inline(problem)).Append("_\n\n");
                    break;
                case Drawing d:
                    md.Append("_Dessin « ").Append(Inline(d.Caption)).Append(" » : voir la version HTML ou PDF du rapport._\n\n");
                    break;
            }
        }
        md.Append("---\n\n_Rapport de durabilité produit le ").Append(generatedAt.ToString("dd/MM/yyyy 'à' HH:mm", Fr.Culture))
            .Append(" par EctLifecycle._\n");
        return md.ToString();
    }

    // Markdown's own characters in staff's text would otherwise turn into markup.
    private static string Inline(string text) =>
        text.Replace("\\", "\\\\").Replace("*", "\\*").Replace("_", "\\_").Replace("`", "\\`").Replace("<", "&lt;").Replace("\n", " ");

    private static string Cell(string text) => Inline(text).Replace("|", "\\|");
}
