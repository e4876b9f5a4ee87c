using EctLifecycle.Projects;

namespace EctLifecycle.Tests.Support;

/// <summary>Hand-built histories for the pure tests: events in recording order, dated by business date.</summary>
public sealed class History
{
    public Guid ProjectId { get; } = Guid.NewGuid();
    private readonly List<TimelineEntry> _entries = [];
    private readonly DateTimeOffset _recorded = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public static History Emerging(string date, HubRole hubRole = HubRole.Animator)
    {
        var h = new History();
        h.Add(new ProjectRegistered(h.ProjectId, DateOnly.Parse(date), "test", "Projet", "alimentation", "Lons",
            "résumé", EmergenceContext.LocalProgramme, hubRole, false));
        return h;
    }

    public Guid Add(IProjectEvent e)
    {
        var id = Guid.NewGuid();
        _entries.Add(new TimelineEntry(id, _entries.Count + 1, _recorded.AddMinutes(_entries.Count), e));
        return id;
    }

    public static DateOnly D(string date) => DateOnly.Parse(date);

    public Guid Actor(string date, string name, ActorKind kind = ActorKind.Association, bool local = true, ActorRole role = ActorRole.Partner) =>
        Add(new ActorJoinedCollective(ProjectId, D(date), "test", name, kind, local, role));

    public Guid Left(string date, string name) => Add(new ActorLeftCollective(ProjectId, D(date), "test", name, "départ"));

    public Guid Funding(string date, string id, FundingSourceKind kind, decimal amount) =>
        Add(new FundingSecured(ProjectId, D(date), "test", id, kind, "financeur", amount, null, null));

    public Guid FormAdopted(string date, LegalForm form) => Add(new LegalFormAdopted(ProjectId, D(date), "test", form, true, null));

    public Guid Carrier(string date, string name) => Add(new CarrierIdentified(ProjectId, D(date), "test", name));

    public Guid Assessed(string date, params (string criterion, int points)[] scores) =>
        Add(new CriteriaAssessed(ProjectId, D(date), "test", "v1",
            scores.Select(s => new CriterionScore(s.criterion, s.points, null)).ToList()));

    public Guid Note(string date) => Add(new NoteAdded(ProjectId, D(date), "test", "note"));

    public Guid Retract(string date, Guid target) => Add(new MilestoneRetracted(ProjectId, D(date), "test", target, "erreur"));

    public ProjectTimeline Timeline => new(_entries);

    public IReadOnlyList<TimelineEntry> Entries => _entries;
}
