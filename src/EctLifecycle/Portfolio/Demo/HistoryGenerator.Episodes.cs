using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

internal sealed partial class HistoryGenerator
{
    private static readonly string[] HubProgrammes =
        ["Émergence", "Incubation", "Structuration", "Consolidation", "Animation du collectif"];

    private static readonly (string What, string FromWhom, bool Outside)[] Expertises =
    [
        ("Étude de marché et de faisabilité", "Cabinet d'études rural", false),
        ("Rédaction des statuts de SCIC", "Union régionale des coopératives", true),
        ("Modèle économique d'une épicerie solidaire", "Réseau national des épiceries solidaires", true),
        ("Diagnostic de la ressource en eau", "Laboratoire d'hydrologie", true),
        ("Retour d'expérience d'un projet similaire", "Un tiers-lieu d'un autre département", true),
        ("Conseil juridique sur le portage de l'activité", "Avocate spécialisée en ESS", false),
    ];

    private static readonly string[] Notes =
    [
        "Réunion du collectif : une douzaine de participants.", "Article dans la presse locale sur le projet.",
        "Visite d'un projet similaire dans un autre territoire.", "Le collectif s'interroge sur son modèle économique.",
        "Rencontre avec les élus de la communauté de communes.", "Journée portes ouvertes : bonne fréquentation.",
        "Les habitants demandent des horaires plus larges.", "Recrutement d'un premier salarié envisagé.",
    ];

    private static readonly string[] PauseReasons =
        ["crise sanitaire", "recherche d'un nouveau local", "congé du porteur", "attente d'une décision de financement"];

    /// <summary>
    /// Support by the hub (sometimes twice) or by another structure, started and ended. A national programme's idea
    /// emerged without the hub (the study: « Le Clus'Ter Jura n'a, dans ces cas-là, pas été associé à l'émergence de
    /// l'idée »): the hub's support, if any, starts a month or more after the emergence.
    /// </summary>
    private void Accompaniments()
    {
        if (_s.Support == Support.Hub)
            Periods(true, null, Min(Plus(E, _s.Context == EmergenceContext.NationalProgramme ? 30 : 0, 240), Until), _s.StopAfterHubEnds ? 1 : 1 + (Chance(0.35 * _s.Density) ? 1 : 0));
        if (_s.Support == Support.OtherStructure || (_s.Support == Support.Hub && Chance(0.2 * _s.Density)))
            Periods(false, DemoNames.Pick(_rng, DemoNames.SupportStructures), Min(Plus(E, 0, 900), Until), 1 + (Chance(0.2) ? 1 : 0));
    }

    private void Periods(bool byHub, string? structure, DateOnly start, int periods)
    {
        var latestEnd = byHub && _s.StopAfterHubEnds && _s.StopOn is { } stop ? stop.AddDays(-_rng.Next(30, 200)) : Until;
        for (var i = 0; i < periods && start <= Until; i++)
        {
            Add(new AccompanimentStarted(Id, start, Staff(), byHub, structure,
                byHub ? HubProgrammes[Math.Min(i * 2 + _rng.Next(2), HubProgrammes.Length - 1)] : null));
            var end = Plus(start, 365, 1500);
            if (byHub && _s.StopAfterHubEnds) end = Max(start.AddDays(1), Min(end, latestEnd));
            if (end > Until) return;
            Add(new AccompanimentEnded(Id, end, Staff(), byHub, structure));
            start = Plus(end, 180, 900);
        }
    }

    /// <summary>Expertise from outside, notes, a pause, the stop and what remains of it (see <see cref="Afterlife"/>).</summary>
    private void Episodes()
    {
        var expertise = (Chance(0.45) ? 1 : 0) + (int)(Years * 0.05 * _s.Density);
        for (var i = 0; i < expertise; i++)
        {
            var (what, fromWhom, outside) = DemoNames.Pick(_rng, Expertises);
            Add(new ExternalExpertiseSought(Id, Day(E.AddDays(60), Until), Staff(), what, fromWhom, outside));
        }
        var notes = 1 + _rng.Next(3) + (int)(Years * 0.2 * _s.Density);
        for (var i = 0; i < notes; i++) Add(new NoteAdded(Id, Day(E, Until), Staff(), DemoNames.Pick(_rng, Notes)));

        if (_s.PauseAndResume && E.AddDays(365) < Until.AddDays(-200))
        {
            var paused = Day(E.AddDays(365), Until.AddDays(-200));
            Add(new ProjectPaused(Id, paused, Staff(), DemoNames.Pick(_rng, PauseReasons)));
            Add(new ProjectResumed(Id, Min(Plus(paused, 90, 420), Until), Staff(), Chance(0.5) ? "reprise avec un collectif resserré" : null));
        }

        if (_s.StopOn is { } stop) Afterlife(stop);
    }

    /// <summary>Earlier assessments of a few criteria; returns the date of the final one, which the caller fills in.</summary>
    private DateOnly Assessments()
    {
        var finalFrom = _s.StopOn is { } stop ? Max(E.AddDays(60), stop.AddDays(-150)) : Max(E.AddDays(45), _s.AssessFrom);
        var finalOn = Max(E, Min(Day(finalFrom, Until), Until));
        var earlier = (int)Math.Round(Years * 0.12 * _s.Density + _rng.NextDouble());
        if (_s.Fading) earlier = Math.Max(earlier, 1);
        var dates = Increasing(E.AddDays(120), earlier, 250, 900, finalOn.AddDays(-1));
        for (var i = 0; i < dates.Count; i++)
        {
            var criteria = Chance(0.5) ? Assessing.Ids : Assessing.Ids.OrderBy(_ => _rng.Next()).Take(_rng.Next(2, 5)).ToArray();
            if (_s.Fading && i == 0 && !criteria.Contains(Assessing.Cooperation)) criteria = [Assessing.Cooperation, .. criteria];
            var points = criteria.Select(c => c == Assessing.Cooperation && _s.Fading && i == 0
                ? 2 + _rng.Next(2)
                : Math.Clamp((int)Math.Round(_s.Strength * 3 + _rng.NextDouble() * 2 - 1), 0, 3)).ToArray();
            Add(Assessing.Make(Id, dates[i], Staff(), criteria, points, _rng, withRationale: false));
        }
        return finalOn;
    }

    /// <summary>The draft's own events, then the final assessment, dated and written by this draft's staff.</summary>
    public static CriteriaAssessed Final(Draft d, int[] points, Random rng) =>
        Assessing.Make(d.Sketch.ProjectId, d.FinalAssessmentOn, d.Registration.LoggedBy, Assessing.Ids, points, rng, withRationale: true);
}
