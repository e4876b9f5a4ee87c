using Spectre.Console;
using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;

namespace EctLifecycle.Network;

public sealed class NetworkInput : AnalyticsInput
{
    [FlagAlias("picture"), Description("Dessine le réseau avec Graphviz dans FICHIER.svg")]
    public string? PictureFlag { get; set; }
}

[Description("Le réseau des acteurs et des projets à une date : mesures, place du pôle, croissance par année et la « clef » de l'étude", Name = "network")]
public sealed class NetworkCommand : AnalyticsCommand<NetworkInput>
{
    protected override async Task<ITidy?> AnswerAsync(NetworkInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors)
    {
        if (input.PictureFlag is { } path && !path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            errors["--picture"] = ["le fichier doit finir par .svg"];
            return null;
        }
        var settings = Services.GetRequiredService<NetworkSettings>();
        var answer = await ActorNetwork.OfAsync(session, p, Services.GetRequiredService<IActorIdentities>(), settings, CancellationToken.None);
        if (input.PictureFlag is { } file)
        {
            var picture = await NetworkPicture.DrawAsync(answer.Network, settings.LabelledActors, CancellationToken.None);
            if (picture.Svg is { } svg)
            {
                await File.WriteAllTextAsync(file, svg);
                AnsiConsole.MarkupLineInterpolated($"[green]Réseau dessiné[/] : {file}");
            }
            else AnsiConsole.MarkupLineInterpolated($"[yellow]{picture.Problem}[/]");
        }
        return answer;
    }

    protected override void PrintTable(ITidy answer)
    {
        var r = (ActorNetwork)answer;
        Print($"Réseau au {r.AsOf:dd/MM/yyyy}{(r.KnownAt is { } k ? $", tel que connu le {k:dd/MM/yyyy}" : "")}. {r.HubRule}",
            ["Date", "Projets", "Acteurs", "Dans 2 projets ou plus", "Liens", "Densité", "Composantes", "Plus grande", "Projets du pôle", "Part", "Intermédiarité du pôle"],
            r.Growth.Append(r.Network.Measures).DistinctBy(m => m.Date).Select(m => (IEnumerable<string>)[m.Date.ToString("dd/MM/yyyy"), m.Projects.ToString(), m.Actors.ToString(),
                m.ActorsInTwoOrMore.ToString(), m.CoMemberships.ToString(), NetworkLabels.Number(m.Density), m.Components.ToString(), m.LargestComponent.ToString(),
                m.Hub.Projects.ToString(), NetworkLabels.Number(m.Hub.Share), NetworkLabels.Number(m.Hub.Betweenness)]));
        Print("Acteurs les plus centraux", ["Acteur", "Projets", "Degré", "Intermédiarité"],
            r.Network.Nodes.Where(n => n.Betweenness is not null).OrderByDescending(n => n.Betweenness).ThenByDescending(n => n.Degree).Take(15)
                .Select(n => (IEnumerable<string>)[n.Label, n.Projects.ToString(), n.Degree.ToString()!, NetworkLabels.Number(n.Betweenness!.Value)]));
        Print($"« {r.Clef.Question} »", ["Groupe", "Projets", "Ont perdu le pilier", "Durée médiane (années)"],
            r.Clef.Groups.Select(g => (IEnumerable<string>)[g.Label, g.Projects.ToString(), g.Fell.ToString(), g.MedianYears is { } m ? NetworkLabels.Number(m) : "non atteinte"]));
        Cli.Consoles.Payload.WriteLine(r.Clef.Conclusion);
    }
}
