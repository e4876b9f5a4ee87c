using EctLifecycle.Analytics;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Durability;

public sealed record Identity(
    Guid Id, string Key, string Name, string Sector, string Commune, string Summary,
    EmergenceContext EmergenceContext, HubRole HubRole, bool InspiredElsewhere);

/// <summary>What remained of the project when it stopped, as staff logged it.</summary>
public sealed record Remains(string? ActivityTakenOverBy, string? AssetsPassedOnTo, bool LastingNetwork, int JobsKept)
{
    public static Remains Of(Stop s) => new(s.ActivityTakenOverBy, s.AssetsPassedOnTo, s.LastingNetwork, s.JobsKept);
}

public sealed record StopRecord(
    DateOnly On, string LoggedBy, IReadOnlyList<StopReasonRead> Reasons, string? Note, Remains Remains, HubStance? HubStance);

public sealed record DatedNote(DateOnly On, string LoggedBy, string Text);

/// <summary>
/// Everything the board reads about one stopped project: its life from emergence to stop, how its pillars drifted,
/// its collective, resources and support over time, why it stopped, what remains and what staff saw since.
/// </summary>
public sealed record ProjectReport(
    DateOnly AsOf, string GridVersion, Identity Project, DateOnly EmergedOn, DateOnly StoppedOn, double LifespanYears,
    IReadOnlyList<StageReached> Stages, IReadOnlyList<PathChosen> StructuringPaths, IReadOnlyList<AdoptedForm> LegalForms,
    IReadOnlyList<PillarArc> Pillars, IReadOnlyList<PillarPoint> PillarSeries,
    CollectiveStory Collective, ResourceStory Resources, SupportStory Support, IReadOnlyList<Expertise> Expertise,
    StopRecord Stop, IReadOnlyList<FollowUp> FollowUps, IReadOnlyList<DatedNote> Notes, IReadOnlyList<OutputValue> ProducedAtStop) : ITidy
{
    /// <summary>The report at <paramref name="asOf"/>, or null when the project is not stopped by then.</summary>
    public static ProjectReport? Of(ProjectTimeline timeline, DateOnly asOf, Grid grid)
    {
        var days = LifeReplay.Of(timeline, asOf, grid);
        if (days.Count == 0 || days[^1].State is not { Stopped: { } stop } final) return null;
        var registration = (ProjectRegistered)timeline.Registration!.Event;
        var life = days.Where(d => d.Date <= stop.On).ToList();
        var effective = timeline.Effective(asOf).Select(e => e.Event).ToList();
        var stopEvent = effective.OfType<ProjectStopped>().Single();

        return new ProjectReport(asOf, grid.Version,
            new Identity(final.Id, ProjectKey.Of(registration), final.Name, final.Sector, final.Commune, final.Summary,
                final.EmergenceContext, final.HubRole, final.InspiredElsewhere),
            final.EmergedOn, stop.On, LifeReplay.Years(final.EmergedOn, stop.On),
            life.Changes(d => d.State.Stage).Select(c => new StageReached(c.Value, c.From)).ToList(),
            effective.OfType<StructuringPathChosen>().Select(p => new PathChosen(p.OccurredOn, p.Path, p.HostStructure)).ToList(),
            effective.OfType<LegalFormAdopted>().Select(f => new AdoptedForm(f.Form, f.InEss, f.OtherLabel, f.OccurredOn)).ToList(),
            PillarArc.Of(life, grid, final.EmergedOn, stop.On), PillarPoint.Of(life, grid),
            CollectiveStory.Of(life, final), ResourceStory.Of(life, final, stop.On), SupportStory.Of(final, stop.On),
            final.ExpertiseSought,
            new StopRecord(stop.On, stopEvent.LoggedBy, StopReasons.Of(stopEvent), stop.Note, Remains.Of(stop), stop.HubStance),
            final.FollowUps,
            effective.OfType<NoteAdded>().Select(n => new DatedNote(n.OccurredOn, n.LoggedBy, n.Text)).ToList(),
            // What it had produced when it stopped: each measure's last value before the stop (none may follow it).
            OutputsMeasuredKind.Latest(life[^1].State));
    }

    public IEnumerable<TidyRow> Tidy()
    {
        var key = Project.Key;
        yield return new(key, EmergedOn, "emergedOn", EmergedOn.ToString("yyyy-MM-dd"));
        yield return new(key, StoppedOn, "stoppedOn", StoppedOn.ToString("yyyy-MM-dd"));
        yield return new(key, StoppedOn, "lifespanYears", LifespanYears);
        foreach (var s in Stages) yield return new(key, s.From, "stage", s.Stage.Wire());
        foreach (var f in LegalForms) yield return new(key, f.Since, "legalForm", f.Form.Wire());
        foreach (var p in Pillars)
        {
            yield return new(key, p.AtEmergence.Date, $"atEmergence:{p.Id}", p.AtEmergence.Value);
            yield return new(key, p.Peak.Date, $"peak:{p.Id}", p.Peak.Value);
            yield return new(key, p.AtStop.Date, $"atStop:{p.Id}", p.AtStop.Value);
        }
        foreach (var c in Collective.Series)
        {
            yield return new(key, c.Date, "activeActors", c.ActiveActors);
            yield return new(key, c.Date, "localActorShare", c.LocalShare);
        }
        foreach (var m in Collective.Left) yield return new(key, m.LeftOn, "actorLeft", m.ActorName);
        foreach (var r in Resources.Series)
        {
            yield return new(key, r.Date, "activeFundingEuros", r.ActiveEuros);
            yield return new(key, r.Date, "publicShare", r.PublicShare);
        }
        foreach (var p in Resources.Perfusion) yield return new(key, p.From, "perfusionDays", p.Days);
        if (Support.YearsFromHubSupportEndToStop is { } gap) yield return new(key, Support.LastHubSupportEnd, "yearsFromHubSupportEndToStop", gap);
        foreach (var x in Expertise.Where(x => x.OutsideTerritory)) yield return new(key, x.SoughtOn, "expertiseOutside", x.What);
        foreach (var r in Stop.Reasons) yield return new(key, StoppedOn, "reason", r.Text is null ? r.Reason.Wire() : $"{r.Reason.Wire()}: {r.Text}");
        yield return new(key, StoppedOn, "activityTakenOverBy", Stop.Remains.ActivityTakenOverBy);
        yield return new(key, StoppedOn, "assetsPassedOnTo", Stop.Remains.AssetsPassedOnTo);
        yield return new(key, StoppedOn, "lastingNetwork", Stop.Remains.LastingNetwork);
        yield return new(key, StoppedOn, "jobsKept", Stop.Remains.JobsKept);
        yield return new(key, StoppedOn, "hubStance", Stop.HubStance?.Wire());
        foreach (var f in FollowUps)
        {
            yield return new(key, f.On, "followUp:activityStillRunning", f.ActivityStillRunning);
            yield return new(key, f.On, "followUp:networkStillActive", f.NetworkStillActive);
            yield return new(key, f.On, "followUp:jobsStillThere", f.JobsStillThere);
        }
        foreach (var n in Notes) yield return new(key, n.On, "note", n.Text);
        foreach (var v in ProducedAtStop)
            yield return new(key, v.On, $"producedAtStop:{Outputs.OutputsAt.MeasureName(v.Measure, v.Unit)}", v.Value) { UnitShown = v.UnitAsTyped };
    }
}
