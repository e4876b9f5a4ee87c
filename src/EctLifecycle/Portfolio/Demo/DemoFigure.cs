using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// The entrepreneurial figure and the lineages in the demo (issue 18), added after the portfolio is drawn, by a generator
/// of their own, so that the other draws stay as they were: every carrier is typed (the hub's own carrying, before it
/// hands over, is the study's « dans l'attente de l'identification d'un porteur »), one carrier in four that is a person
/// is profiled, and a few projects say what they were born of: a project of the hub's local programme born of its method,
/// later projects born of an earlier one's carrier or collective, a spin-off. Each is dated at the project's emergence,
/// so no source is born after what it gave birth to.
/// </summary>
internal static class DemoFigure
{
    /// <summary>The hub's method, as the study names its origin: « la méthode d'émergence de projet à partir d'opportunités ».</summary>
    public const string Method = "Émergence de projets à partir d'opportunités";

    public static IReadOnlyList<GeneratedProject> Of(IReadOnlyList<GeneratedProject> projects)
    {
        var rng = new Random(18);
        var typed = projects.Select(p => p with { Events = Typed(p.Events, rng).ToList() }).ToList();
        var registrations = typed.Select(p => (Project: p, Registration: (ProjectRegistered)p.Events[0])).ToList();
        var byEmergence = registrations.OrderBy(x => x.Registration.OccurredOn).ThenBy(x => x.Project.Key, StringComparer.Ordinal).ToList();
        var born = new Dictionary<string, BornOf>();
        // The hub's method: the first three projects of its local programme after the first year of the portfolio.
        foreach (var x in byEmergence.Skip(byEmergence.Count / 4).Where(x => x.Registration.EmergenceContext == EmergenceContext.LocalProgramme).Take(3))
            born[x.Project.Key] = new BornOf(x.Registration.ProjectId, x.Registration.OccurredOn, x.Project.Staff, BirthOrigin.HubMethod, null, Method);
        // Later projects born of an earlier one that had a carrier then: by its carrier, its collective, a spin-off.
        var origins = new[] { BirthOrigin.OtherProjectCarrier, BirthOrigin.OtherProjectCollective, BirthOrigin.SpinOff, BirthOrigin.OtherProjectCarrier };
        var later = byEmergence.Skip(byEmergence.Count / 2).Where(x => !born.ContainsKey(x.Project.Key)).ToList();
        for (var i = 0; i < origins.Length && i * 3 < later.Count; i++)
        {
            var child = later[i * 3];
            var on = child.Registration.OccurredOn;
            var sources = byEmergence.Where(s => s.Registration.OccurredOn < on && !born.ContainsKey(s.Project.Key)
                && CarrierAt(s.Project, on) is not null).ToList();
            if (sources.Count == 0) continue;
            var source = sources[rng.Next(sources.Count)];
            born[child.Project.Key] = new BornOf(child.Registration.ProjectId, on, child.Project.Staff, origins[i], source.Project.Key);
        }
        return typed.Select(p => born.TryGetValue(p.Key, out var b) ? p with { Events = [.. p.Events, b] } : p).ToList();
    }

    private static string? CarrierAt(GeneratedProject p, DateOnly on) =>
        DemoPortfolio.Fold((ProjectRegistered)p.Events[0], p.Events.Skip(1), on).Carrier?.Name;

    private static CarrierType TypeOf(string name, bool? person) =>
        name == DemoNames.Hub ? CarrierType.HubAwaitingCarrier : person == true ? CarrierType.Person : CarrierType.Structure;

    private static IEnumerable<IProjectEvent> Typed(IReadOnlyList<IProjectEvent> events, Random rng)
    {
        var profiles = new List<IProjectEvent>();
        foreach (var e in events)
        {
            switch (e)
            {
                case CarrierIdentified c:
                    var type = TypeOf(c.CarrierName, c.NaturalPerson);
                    yield return c with { CarrierType = type };
                    if (type == CarrierType.Person && rng.NextDouble() < 0.25)
                        profiles.Add(new CarrierProfiled(c.ProjectId, c.OccurredOn, c.LoggedBy, c.CarrierName, ActorKind.Inhabitant,
                            rng.NextDouble() < 0.6 ? CarrierStatus.Volunteer : CarrierStatus.Salaried,
                            rng.NextDouble() < 0.5 ? TimeGiven.PartTime : TimeGiven.Occasional));
                    break;
                case CarryingHandedOver h:
                    yield return h with { ToCarrierType = TypeOf(h.To, h.ToNaturalPerson) };
                    break;
                default:
                    yield return e;
                    break;
            }
        }
        // Profiled when they were identified, recorded after the rest (a profile gathered later).
        foreach (var p in profiles) yield return p;
    }
}
