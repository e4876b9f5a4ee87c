using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EctLifecycle.Network;

/// <summary>The network drawn as SVG, or why it could not be (then the page shows tables).</summary>
public sealed record Picture(string? Svg, string? Problem);

/// <summary>
/// The actor-project network drawn by Graphviz on the server (Debian's <c>graphviz</c>, which deploy/run and deploy/test
/// install): <c>neato</c> up to 150 nodes, <c>sfdp</c> beyond, as SVG. Projects are boxes, actors circles, funders diamonds,
/// the hub a red octagon; only the hub, the projects' keys and the most central actors are named, so that a picture of
/// hundreds of nodes stays readable. Found at <c>ECT_GRAPHVIZ</c> (a folder), else /usr/bin, else the PATH.
/// </summary>
public static partial class NetworkPicture
{
    public const string Missing = "Graphviz n'est pas installé sur le serveur (paquet Debian « graphviz », ou la variable ECT_GRAPHVIZ) : " +
        "le réseau est montré en tableaux ci-dessous.";

    public static readonly (string Shape, string Colour, string Label)[] Legend =
    [
        ("octagon", "#c0392b", "le pôle"),
        ("box", "#2e6da4", "projet (sa clé)"),
        ("circle", "#e0a526", "acteur d'un collectif ou porteur (nommé s'il est dans deux projets ou plus, ou entre d'autres acteurs, parmi les plus centraux)"),
        ("diamond", "#3c8d40", "financeur seulement"),
    ];

    public static string Dot(NetworkAt network, int labelledActors)
    {
        // Notable: an actor in two projects or more, or on a shortest path between others.
        var named = network.Nodes.Where(n => n.Kind == NodeKinds.Actor && n.Betweenness is not null && (n.Projects >= 2 || n.Betweenness > 0))
            .OrderByDescending(n => n.Betweenness).ThenByDescending(n => n.Degree).ThenBy(n => n.Label, StringComparer.Ordinal)
            .Take(labelledActors).Select(n => n.Id).ToHashSet();
        var ids = network.Nodes.Select((n, i) => (n.Id, Dot: $"n{i}")).ToDictionary(x => x.Id, x => x.Dot);
        var dot = new StringBuilder("graph reseau {\n  graph [overlap=false, splines=false, forcelabels=true, outputorder=edgesfirst, fontname=\"DejaVu Sans\"];\n");
        dot.Append("  node [fontname=\"DejaVu Sans\", fontsize=10, style=filled, fixedsize=false];\n  edge [color=\"#9aa5b1\"];\n");
        foreach (var n in network.Nodes)
        {
            var (shape, colour, _) = n.Kind switch
            {
                NodeKinds.Hub => Legend[0],
                NodeKinds.Project => Legend[1],
                _ when n.Degree is null => Legend[3],
                _ => Legend[2],
            };
            var label = n.Kind switch
            {
                NodeKinds.Project => n.Label.Split(' ')[0],
                NodeKinds.Hub => n.Label,
                _ => named.Contains(n.Id) ? n.Label : "",
            };
            // An actor is a small dot; a named one carries its name beside it, so that names do not swell the dots.
            var size = n.Kind == NodeKinds.Actor ? $", fixedsize=true, width={(label.Length == 0 ? "0.15" : "0.3")}, height={(label.Length == 0 ? "0.15" : "0.3")}" : "";
            var (inside, beside) = n.Kind == NodeKinds.Actor ? ("", label) : (label, "");
            dot.Append(CultureInfo.InvariantCulture,
                $"  {ids[n.Id]} [label=\"{Escape(inside)}\", xlabel=\"{Escape(beside)}\", tooltip=\"{Escape($"{NetworkLabels.Kind(n.Kind)} : {n.Label}")}\", shape={shape}, fillcolor=\"{colour}\", " +
                $"fontcolor=\"{(n.Kind == NodeKinds.Actor && n.Degree is not null ? "#000000" : "#ffffff")}\"{size}];\n");
        }
        foreach (var t in network.Ties)
        {
            var style = t.Kind switch
            {
                TieKinds.Carrier => " [penwidth=2.5, color=\"#444444\"]",
                TieKinds.Funder => " [style=dashed, color=\"#3c8d40\"]",
                TieKinds.Hub => " [color=\"#c0392b\"]",
                _ => "",
            };
            dot.Append($"  {ids[t.Actor]} -- {ids[t.Project]}{style};\n");
        }
        return dot.Append("}\n").ToString();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", " ");

    /// <summary>The engine's path, or null when Graphviz is not installed.</summary>
    public static string? Engine(int nodes)
    {
        var name = nodes <= 150 ? "neato" : "sfdp";
        var folder = Environment.GetEnvironmentVariable("ECT_GRAPHVIZ");
        if (!string.IsNullOrEmpty(folder)) return File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name) : null;
        if (File.Exists($"/usr/bin/{name}")) return $"/usr/bin/{name}";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    public static async Task<Picture> DrawAsync(NetworkAt network, int labelledActors, CancellationToken ct)
    {
        if (network.Nodes.Count == 0) return new Picture(null, "Aucun projet en vie à cette date : rien à dessiner.");
        if (Engine(network.Nodes.Count) is not { } engine) return new Picture(null, Missing);
        var start = new ProcessStartInfo(engine, "-Tsvg")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(Dot(network, labelledActors).AsMemory(), timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var svg = await output;
            await errors;
            return process.ExitCode == 0 && svg.IndexOf("<svg", StringComparison.Ordinal) is var at and >= 0
                ? new Picture(Inline(svg[at..], network), null)
                : new Picture(null, $"Graphviz n'a pas pu dessiner le réseau (code {process.ExitCode}) : le réseau est montré en tableaux ci-dessous.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return new Picture(null, "Graphviz n'a pas dessiné le réseau en 30 secondes : le réseau est montré en tableaux ci-dessous.");
        }
    }

    // Inside the page: it scales to its box, and each node's title (what a screen reader and a hover say) is its French name.
    private static string Inline(string svg, NetworkAt network)
    {
        var names = network.Nodes.Select((n, i) => (Dot: $"n{i}", Title: $"{NetworkLabels.Kind(n.Kind)} : {n.Label}")).ToDictionary(x => x.Dot, x => x.Title);
        svg = SvgSize().Replace(svg, "<svg role=\"img\" aria-labelledby=\"reseau-titre\" class=\"network-picture\"", 1);
        svg = NodeTitle().Replace(svg, m => names.TryGetValue(m.Groups[1].Value, out var t) ? $"<title>{System.Net.WebUtility.HtmlEncode(t)}</title>" : m.Value);
        svg = EdgeTitle().Replace(svg, "<title>lien</title>");
        return svg.Replace("<title>reseau</title>", "<title id=\"reseau-titre\">Le réseau des acteurs et des projets</title>");
    }

    [GeneratedRegex("<svg width=\"[^\"]*\" height=\"[^\"]*\"")]
    private static partial Regex SvgSize();

    [GeneratedRegex("<title>(n\\d+)</title>")]
    private static partial Regex NodeTitle();

    [GeneratedRegex("<title>n\\d+&#45;&#45;n\\d+</title>")]
    private static partial Regex EdgeTitle();
}
