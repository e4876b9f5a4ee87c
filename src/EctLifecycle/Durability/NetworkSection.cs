using System.Text.Json.Serialization;
using EctLifecycle.Analytics;
using EctLifecycle.Network;

namespace EctLifecycle.Durability;

/// <summary>
/// The network of actors and projects in the portfolio report (issue 18), at the report's date as known at its recording
/// date: the measures, the hub's place, the growth at each 31 December, and the picture Graphviz draws for /reseau.
/// The picture is drawn when the report is rendered as HTML or PDF (<see cref="ReportRendering"/>), not for JSON or CSV.
/// </summary>
public sealed record NetworkSection(string HubRule, NetworkMeasures Measures, IReadOnlyList<NetworkMeasures> Growth, int LabelledActors)
{
    /// <summary>The network itself, which the picture is drawn from; JSON has the analysis' own route for it.</summary>
    [JsonIgnore]
    public NetworkAt? Network { get; init; }

    public const string Title = "Le réseau des acteurs et des projets";

    /// <summary>What the report says instead of the network when the portfolio is larger than the setting allows.</summary>
    public static string LeftOut(int projects, Network.NetworkSettings settings) =>
        $"Le réseau n'est pas calculé dans ce rapport : le portefeuille compte {Fr.Number(projects, "#,0")} projets, au-delà des " +
        $"{Fr.Number(settings.ReportUpToProjects, "#,0")} que permet le réglage Network:ReportUpToProjects (le réseau rejoue chaque projet à chaque fin " +
        "d'année, et le calcul de la centralité croît avec le carré du nombre d'acteurs). La page « Réseau » et la commande network le calculent.";

    public static NetworkSection Of(ActorNetwork n) =>
        new(n.HubRule, n.Network.Measures, n.Growth, n.Settings.LabelledActors) { Network = n.Network };

    /// <summary>The picture, or why there is none: Graphviz missing, or nothing to draw.</summary>
    public Task<Picture> DrawAsync(CancellationToken ct) =>
        Network is { } n ? NetworkPicture.DrawAsync(n, LabelledActors, ct) : Task.FromResult(new Picture(null, NetworkPicture.Missing));

    /// <summary>
    /// Without drawing, for Markdown, which cannot show the picture but says when there would be none: why not, or null
    /// when Graphviz would draw it.
    /// </summary>
    public Picture? Undrawn() =>
        Network is not { Nodes.Count: > 0 } n ? new Picture(null, "Aucun projet en vie à cette date : rien à dessiner.")
        : NetworkPicture.Engine(n.Nodes.Count) is null ? new Picture(null, NetworkPicture.Missing)
        : null;

    private static readonly Dictionary<string, string> Shapes = new()
    {
        ["octagon"] = "octogone rouge", ["box"] = "rectangle bleu", ["circle"] = "rond orange", ["diamond"] = "losange vert",
    };

    /// <summary>The section; <paramref name="picture"/> null: drawable, not drawn (Markdown).</summary>
    public IEnumerable<Block> Blocks(Picture? picture)
    {
        var m = Measures;
        yield return new Heading(Title);
        yield return new Paragraph("Les acteurs actifs dans le collectif de chaque projet en vie à la date, son porteur, ses financeurs et le pôle ; " +
            "deux acteurs sont liés quand ils sont dans le collectif d'un même projet. Un acteur n'est le même d'un projet à l'autre que " +
            $"lorsque l'annuaire des acteurs les relie. {HubRule}");
        yield return new KeyFigures([
            ("Projets en vie", m.Projects.ToString()),
            ("Acteurs des collectifs (hors pôle)", m.Actors.ToString()),
            ("Acteurs dans deux projets ou plus", m.ActorsInTwoOrMore.ToString()),
            ("Liens entre acteurs (co-appartenance)", m.CoMemberships.ToString()),
            ("Densité (liens sur liens possibles)", NetworkLabels.Number(m.Density)),
            ("Composantes connexes", m.Components.ToString()),
            ("Taille de la plus grande composante", m.LargestComponent.ToString()),
        ]);
        yield return new Paragraph($"La place du pôle : lié à {m.Hub.Projects} projet(s) sur {m.Projects} ({Fr.Pct(m.Hub.Share)}), degré {m.Hub.Degree}, " +
            $"intermédiarité {NetworkLabels.Number(m.Hub.Betweenness)} ({Fr.Pct(m.Hub.NormalisedBetweenness)} du maximum possible).");
        yield return new Drawing(picture?.Svg, picture?.Problem,
            $"Le réseau au {Fr.Date(m.Date)}, dessiné par Graphviz : le pôle, les projets (leur clé) et au plus {LabelledActors} acteurs " +
            "parmi les plus centraux sont nommés (réglage Network:LabelledActors)");
        yield return new Bullets([
            .. NetworkPicture.Legend.Select(l => $"{Shapes.GetValueOrDefault(l.Shape, l.Shape)} : {l.Label}"),
            "trait épais : porteur ; tirets verts : financeur ; trait rouge : lien du pôle",
        ]);
        yield return new Heading("Croissance du réseau, au 31 décembre de chaque année", 3);
        // Without the betweenness, which costs a search from every node of each year's network (PortfolioReading).
        yield return new Table(["Au", "Projets", "Acteurs", "Dans 2 projets ou plus", "Liens", "Densité", "Composantes", "Projets du pôle", "Degré du pôle"],
            Growth.Select(g => Fr.Row(Fr.Date(g.Date), g.Projects.ToString(), g.Actors.ToString(), g.ActorsInTwoOrMore.ToString(), g.CoMemberships.ToString(),
                NetworkLabels.Number(g.Density), g.Components.ToString(), g.Hub.Projects.ToString(), g.Hub.Degree.ToString())).ToList(),
            "Aucun 31 décembre avant cette date depuis la première émergence.");
    }

    public IEnumerable<TidyRow> Tidy()
    {
        foreach (var (subject, g) in Growth.Select(g => ($"network|date={g.Date:yyyy-MM-dd}", g)).Prepend(("network", Measures)))
        {
            yield return new(subject, g.Date, "projects", g.Projects);
            yield return new(subject, g.Date, "actors", g.Actors);
            yield return new(subject, g.Date, "actorsInTwoOrMore", g.ActorsInTwoOrMore);
            yield return new(subject, g.Date, "coMemberships", g.CoMemberships);
            yield return new(subject, g.Date, "density", g.Density);
            yield return new(subject, g.Date, "components", g.Components);
            yield return new(subject, g.Date, "hubProjects", g.Hub.Projects);
            yield return new(subject, g.Date, "hubDegree", g.Hub.Degree);
        }
        yield return new("network", Measures.Date, "hubBetweenness", Measures.Hub.Betweenness);
    }
}
