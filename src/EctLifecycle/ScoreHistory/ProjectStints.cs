using EctLifecycle.Projects;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// One stint of a name in a project: a member of its collective from its joining to its leaving, or its carrier from the
/// milestone that made it the carrier to the one that ended that (a handover, a loss). <c>To</c> is null while it lasts
/// (the project's stop ends it, read from <see cref="ProjectStints.StoppedOn"/>). <c>ActorId</c>: the directory actor the
/// milestone named, if any (the name may also be linked to one in the directory).
/// </summary>
public sealed record Stint(string Name, Guid? ActorId, DateOnly From, DateOnly? To, bool Carrier);

/// <summary>
/// Who was in each project, and when, as its whole timeline says now: a Marten document per project, written with the
/// project's score periods (the inline projection, the import, the rebuild, the refold after an erasure), so that a
/// question about actors across the portfolio (the durability report's "actors who went on elsewhere") reads one small
/// document per project instead of folding every project's events. As known at an earlier recording instant, the same
/// stints are computed from the project's timeline as known then (<see cref="Of"/>).
/// </summary>
public sealed class ProjectStints
{
    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public DateOnly? StoppedOn { get; set; }
    public List<Stint> Stints { get; set; } = [];

    /// <summary>The stints a timeline holds (null for a stream without a registration or a business day).</summary>
    public static ProjectStints? Of(ProjectTimeline timeline)
    {
        if (timeline.Registration?.Event is not ProjectRegistered registered || timeline.Current is not { } state) return null;
        var stints = state.Actors.Select(m => new Stint(m.ActorName, m.ActorId, m.JoinedOn, m.LeftOn, Carrier: false)).ToList();
        Stint? carrier = null;
        foreach (var entry in timeline.Effective())
        {
            var (name, id) = entry.Event switch
            {
                CarrierIdentified c => (c.CarrierName, c.ActorId),
                CarryingHandedOver h => (h.To, h.ActorId),
                CarrierLost => ("", null),
                _ => ((string?)null, (Guid?)null),
            };
            if (name is null) continue;
            if (carrier is not null) stints.Add(carrier with { To = entry.Event.OccurredOn });
            carrier = name.Length == 0 ? null : new Stint(name.Trim(), id, entry.Event.OccurredOn, null, Carrier: true);
        }
        if (carrier is not null) stints.Add(carrier);
        return new ProjectStints
        {
            Id = registered.ProjectId, Key = ProjectKey.Of(registered), Name = state.Name, StoppedOn = state.Stopped?.On, Stints = stints,
        };
    }

    /// <summary>
    /// The stints as of business date <paramref name="asOf"/>: those begun by then, a stint still lasting then, or ended by
    /// the project's stop by then, ending then (null when it lasts).
    /// </summary>
    public IEnumerable<Stint> AsOf(DateOnly asOf)
    {
        var stop = StoppedAsOf(asOf);
        foreach (var s in Stints.Where(s => s.From <= asOf))
            yield return s.To is { } to && to <= asOf ? s : s with { To = stop };
    }

    /// <summary>The stop, if the project had stopped by <paramref name="asOf"/>.</summary>
    public DateOnly? StoppedAsOf(DateOnly asOf) => StoppedOn is { } on && on <= asOf ? on : null;
}
