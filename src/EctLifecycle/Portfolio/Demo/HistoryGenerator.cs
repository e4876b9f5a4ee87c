using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

/// <summary>
/// A project's history before its final assessment: the registration, every other milestone in business order,
/// and the date the final assessment (chosen by the caller) will carry.
/// </summary>
internal sealed record Draft(Sketch Sketch, ProjectRegistered Registration, List<IProjectEvent> Milestones, DateOnly FinalAssessmentOn);

/// <summary>
/// Turns a <see cref="Sketch"/> into events that obey the timeline's rules by construction: every dependent
/// milestone (a departure, the end of a funding or of a support, a lost carrier, a resumption) is dated strictly
/// after what it depends on, and milestones that replace a state (carrier, form, path, assessment) never share a
/// date, so any recording order replays the same. Only <see cref="Random"/> drives it.
/// </summary>
internal sealed partial class HistoryGenerator
{
    private readonly Sketch _s;
    private readonly Random _rng;
    private readonly List<IProjectEvent> _events = [];
    private readonly List<Member> _members = [];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _staff;
    private DateOnly _operatingFrom;

    private sealed record Member(string Name, ActorKind Kind, DateOnly Joined, bool Early)
    {
        public DateOnly? Left { get; set; }
    }

    private HistoryGenerator(Sketch sketch, Random rng)
    {
        _s = sketch;
        _rng = rng;
        _staff = DemoNames.Pick(rng, DemoNames.Staff);
        _operatingFrom = sketch.EmergedOn;
    }

    private Guid Id => _s.ProjectId;
    private DateOnly E => _s.EmergedOn;
    private DateOnly Until => _s.ActiveUntil;
    private double Years => (Until.DayNumber - E.DayNumber) / 365.25;

    public static Draft Generate(Sketch sketch, Random rng)
    {
        var g = new HistoryGenerator(sketch, rng);
        var registration = g.Registration();
        g.Collective();
        g.Carrying();
        g.Structuring();
        g.Resources();
        g.Accompaniments();
        g.Episodes();
        var finalOn = g.Assessments();
        g.NumberFundings();
        return new Draft(sketch, registration, g._events, finalOn);
    }

    /// <summary>Funding ids follow the order fundings were secured in (F01, F02...), whatever order they were drawn in.</summary>
    private void NumberFundings()
    {
        var ids = _events.OfType<FundingSecured>().OrderBy(f => f.OccurredOn)
            .Select((f, i) => (f.FundingId, Number: $"F{i + 1:00}")).ToDictionary(x => x.FundingId, x => x.Number);
        for (var i = 0; i < _events.Count; i++)
            _events[i] = _events[i] switch
            {
                FundingSecured f => f with { FundingId = ids[f.FundingId] },
                FundingEnded f => f with { FundingId = ids[f.FundingId] },
                var e => e,
            };
    }

    private ProjectRegistered Registration()
    {
        var summary = $"{_s.Theme.Summary} {DemoThemes.ContextSentence(_s.Context)}";
        var commune = DemoNames.Commune(_rng);
        return new ProjectRegistered(Id, E, _staff, DemoThemes.Name(_rng, _s.Theme, commune), _s.Theme.Sector,
            commune, summary, _s.Context, _s.HubRole, _s.InspiredElsewhere, _s.Key);
    }

    private string Staff() => _rng.Next(4) == 0 ? DemoNames.Pick(_rng, DemoNames.Staff) : _staff;

    private void Add(IProjectEvent e)
    {
        if (e.OccurredOn < E || e.OccurredOn > _s.Horizon || (e is not NoteAdded and not ProjectStopped and not FollowUpObserved && e.OccurredOn > Until))
            throw new InvalidOperationException($"{_s.Key}: {e.GetType().Name} dated {e.OccurredOn} is outside the project's life");
        _events.Add(e);
    }

    /// <summary>A day in [from, to], or <paramref name="from"/> when the window is empty.</summary>
    private DateOnly Day(DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(_rng.Next(from.DayNumber, to.DayNumber + 1));

    private DateOnly Plus(DateOnly d, int minDays, int maxDays) => d.AddDays(_rng.Next(minDays, maxDays + 1));

    /// <summary><paramref name="count"/> strictly increasing days in [from, to or Until], gaps drawn in [minGap, maxGap] and squeezed to fit.</summary>
    private List<DateOnly> Increasing(DateOnly from, int count, int minGap, int maxGap, DateOnly? to = null)
    {
        var room = (to ?? Until).DayNumber - from.DayNumber;
        if (room < count) return [];
        var gaps = Enumerable.Range(0, count).Select(i => i == 0 ? _rng.Next(0, maxGap / 2 + 1) : _rng.Next(minGap, maxGap + 1)).ToList();
        var total = gaps.Sum();
        if (total > room)
        {
            // Squeeze proportionally, keeping every later gap at least one day.
            gaps = gaps.Select((g, i) => Math.Max(i == 0 ? 0 : 1, (int)((long)g * (room - count) / Math.Max(total, 1)))).ToList();
        }
        var days = new List<DateOnly>();
        var d = from;
        foreach (var g in gaps) days.Add(d = d.AddDays(g));
        return days;
    }

    private bool Chance(double p) => _rng.NextDouble() < p;
}
