using EctLifecycle.Actors;
using EctLifecycle.Analytics;
using EctLifecycle.Communes;
using EctLifecycle.Scoring;
using JasperFx.CommandLine;
using Marten;

namespace EctLifecycle.HubEvents;

[Description("Les événements du pôle : acteurs venus par événement et par année, hors de l'agglomération, de commune inconnue, entrés ensuite dans un projet", Name = "hub-events")]
public sealed class HubEventsCommand : AnalyticsCommand<AnalyticsInput>
{
    protected override async Task<ITidy?> AnswerAsync(AnalyticsInput input, AnalyticsParameters p, IQuerySession session, GridCatalog grids, Dictionary<string, string[]> errors) =>
        await HubEventsAnalysis.OfAsync(session, p, Services.GetRequiredService<IActorIdentities>(), Services.GetRequiredService<Territory>(), CancellationToken.None);

    protected override void PrintTable(ITidy answer)
    {
        var a = (HubEventsAnalysis)answer;
        IEnumerable<string> Counts(HubEventCounts c) =>
            [c.Attendees.ToString(), c.Outside.ToString(), c.Inside.ToString(), c.UnknownCommune.ToString(), c.JoinedAfter.ToString()];
        Print($"Événements du pôle au {a.AsOf:dd/MM/yyyy}{(a.KnownAt is { } k ? $", tels que connus le {k:dd/MM/yyyy}" : "")} (agglomération : {a.Agglomeration})",
            ["Date", "Événement", "Type", "Venus", "Hors agglomération", "Dans l'agglomération", "Commune inconnue", "Entrés ensuite dans un projet"],
            a.Events.Select(e => (IEnumerable<string>)[e.OccurredOn.ToString("dd/MM/yyyy"), e.Name, e.KindLabel, .. Counts(e.Counts)]));
        Print("Par année (chaque acteur une fois)", ["Année", "Événements", "Acteurs", "Hors agglomération", "Dans l'agglomération", "Commune inconnue", "Entrés ensuite dans un projet"],
            a.Years.Select(y => (IEnumerable<string>)[y.Year.ToString(), y.Events.ToString(), .. Counts(y.Actors)]));
    }
}
