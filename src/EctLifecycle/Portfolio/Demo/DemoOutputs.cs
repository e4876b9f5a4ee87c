using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// What the demo's projects produce: about two in three of those that got a legal home measure it once a year from
/// their second year, figures growing with their strength and over time, each theme with its unit of activity. Drawn by
/// a generator of their own (seeded by the project's id) and appended after the rest of the recorded history (figures
/// gathered later), so that the demo's other draws, and the study's figures it reproduces, stay as they were.
/// </summary>
internal static class DemoOutputs
{
    private static readonly Dictionary<string, (string Unit, int PerYear)> Units = new()
    {
        ["alimentation"] = ("paniers", 1500), ["eau"] = ("tonnes", 40), ["santé"] = ("séances", 900), ["mobilité"] = ("réparations", 300),
        ["réemploi"] = ("tonnes", 60), ["énergie"] = ("MWh", 250), ["culture"] = ("visites", 4000),
    };

    public static IEnumerable<IProjectEvent> Of(Draft draft)
    {
        var s = draft.Sketch;
        var rng = new Random(s.ProjectId.GetHashCode());
        var home = draft.Milestones.Where(e => e is LegalFormAdopted or StructuringPathChosen { Path: StructuringPath.ExtensionOfExistingStructure })
            .Select(e => (DateOnly?)e.OccurredOn).Min();
        if (home is not { } from || rng.NextDouble() > 0.65) yield break;
        var (unit, perYear) = Units.GetValueOrDefault(s.Theme.Sector, ("bénéficiaires accueillis", 200));
        var staff = draft.Milestones.Select(e => e.LoggedBy).FirstOrDefault() ?? "demo";
        var scale = 0.4 + s.Strength;
        var year = 0;
        for (var on = from.AddDays(365 + rng.Next(0, 90)); on <= s.ActiveUntil; on = on.AddDays(365 + rng.Next(-20, 40)), year++)
        {
            var growth = scale * Math.Min(1 + 0.25 * year, 2.5) * (0.85 + 0.3 * rng.NextDouble());
            var fte = Math.Round((decimal)(growth * 2.2) * 2, MidpointRounding.AwayFromZero) / 2;
            yield return new OutputsMeasured(s.ProjectId, on, staff,
                Beneficiaries: (long)(growth * 120), JobsFte: fte, Volunteers: (long)(growth * 8 + rng.Next(0, 6)),
                ActivityVolume: Math.Round((decimal)(growth * perYear), unit is "tonnes" or "MWh" ? 1 : 0), ActivityUnit: unit,
                TurnoverEuros: rng.NextDouble() < 0.8 ? Math.Round((decimal)(growth * 450)) * 100 : null, Note: null);
        }
    }
}
