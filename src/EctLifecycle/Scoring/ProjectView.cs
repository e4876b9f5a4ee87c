using EctLifecycle.Projects;

namespace EctLifecycle.Scoring;

public sealed record ProjectView(
    Guid Id, DateOnly AsOf, string Name, string Sector, string Commune, string Summary,
    EmergenceView Emergence, Stage Stage, StructuringPath? StructuringPath, string? HostStructure,
    AdoptedForm? LegalForm, Carrier? Carrier, IReadOnlyList<Membership> Collective,
    IReadOnlyList<Funding> Fundings, IReadOnlyList<Accompaniment> Accompaniments,
    IReadOnlyList<Expertise> ExpertiseSought, DateOnly? PausedSince, Stop? Stopped,
    Indicators Indicators, ScoreCard Score)
{
    public static ProjectView Of(ProjectState s, DateOnly asOf, Grid grid)
    {
        var indicators = Indicators.Of(s);
        return new ProjectView(s.Id, asOf, s.Name, s.Sector, s.Commune, s.Summary,
            new EmergenceView(s.EmergedOn, s.EmergenceContext, s.HubRole, s.InspiredElsewhere),
            s.Stage, s.Path, s.HostStructure, s.LegalForm, s.Carrier, s.Actors, s.Fundings, s.Accompaniments,
            s.ExpertiseSought, s.PausedSince, s.Stopped, indicators, Scorer.Score(grid, s, indicators));
    }
}

public sealed record EmergenceView(DateOnly Date, EmergenceContext Context, HubRole HubRole, bool InspiredElsewhere);

public sealed record ProjectSummary(
    Guid Id, string Name, string Sector, string Commune, Stage Stage, LegalForm? LegalForm,
    int Score, bool EctPotential, IReadOnlyDictionary<string, double> PillarMeans, string GridVersion)
{
    public static ProjectSummary Of(ProjectState s, Grid grid)
    {
        var card = Scorer.Score(grid, s);
        return new ProjectSummary(s.Id, s.Name, s.Sector, s.Commune, s.Stage, s.LegalForm?.Form,
            card.Score, card.EctPotential, card.Pillars.ToDictionary(p => p.Id, p => p.Mean), card.GridVersion);
    }
}
