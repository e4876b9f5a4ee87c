using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// Carriers who start another project (the study's « réplicabilité »): in a few of the demo's projects the first
/// carrier, a person, is the first carrier of a project registered five before, who carried it earlier. Only the name
/// changes, in every milestone of the project that names that carrier, after the draws and the study's checks: the
/// histories, states and figures stay as they were.
/// </summary>
internal static class DemoCarriers
{
    public static IReadOnlyList<GeneratedProject> Recur(IReadOnlyList<GeneratedProject> projects)
    {
        var result = projects.ToList();
        for (var i = 5; i < result.Count; i++)
        {
            if (i % 7 != 3) continue;
            if (FirstPerson(result[i - 5]) is not { } earlier || FirstPerson(result[i]) is not { } later) continue;
            if (earlier.On >= later.On || result[i].Events.Any(e => Names(e, earlier.Name))) continue;
            result[i] = result[i] with { Events = result[i].Events.Select(e => Renamed(e, later.Name, earlier.Name)).ToList() };
        }
        return result;
    }

    private static (string Name, DateOnly On)? FirstPerson(GeneratedProject project) =>
        project.Events.OfType<CarrierIdentified>().OrderBy(c => c.OccurredOn).FirstOrDefault() is { NaturalPerson: true } c ? (c.CarrierName, c.OccurredOn) : null;

    private static bool Names(IProjectEvent e, string name) => e switch
    {
        CarrierIdentified c => c.CarrierName == name,
        CarryingHandedOver h => h.From == name || h.To == name,
        ActorJoinedCollective a => a.ActorName == name,
        _ => false,
    };

    private static IProjectEvent Renamed(IProjectEvent e, string was, string now) => e switch
    {
        CarrierIdentified c when c.CarrierName == was => c with { CarrierName = now },
        CarryingHandedOver h when h.From == was || h.To == was => h with { From = h.From == was ? now : h.From, To = h.To == was ? now : h.To },
        _ => e,
    };
}
