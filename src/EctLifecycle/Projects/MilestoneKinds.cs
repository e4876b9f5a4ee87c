using EctLifecycle.Http;
using EctLifecycle.Scoring;

namespace EctLifecycle.Projects;

/// <summary>What every milestone shares, already read and checked.</summary>
public sealed record MilestoneHeader(Guid ProjectId, DateOnly OccurredOn, string LoggedBy);

/// <summary>
/// The kinds of milestone staff can log, by their wire <c>type</c>, each reading its own fields
/// into the event it stands for. One table so the API, the import and the web forms share the same rules.
/// </summary>
public static class MilestoneKinds
{
    private delegate IProjectEvent Reader(FieldReader r, MilestoneHeader h, GridCatalog grids);

    private sealed record Kind(Type EventType, Reader Read);

    private static Kind Of<TEvent>(Reader read) where TEvent : IProjectEvent => new(typeof(TEvent), read);

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["actorJoined"] = Of<ActorJoinedCollective>((r, h, _) => new ActorJoinedCollective(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("actorName"), r.Enum<ActorKind>("kind") ?? default, r.Bool("isLocal"),
            r.Enum<ActorRole>("role") ?? default, OptionalBool(r, "naturalPerson"))),
        ["actorLeft"] = Of<ActorLeftCollective>((r, h, _) => new ActorLeftCollective(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("actorName"), r.RequiredString("reason", FieldReader.MaxText))),
        ["carrierIdentified"] = Of<CarrierIdentified>((r, h, _) => new CarrierIdentified(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("carrierName"), OptionalBool(r, "naturalPerson"))),
        ["carrierLost"] = Of<CarrierLost>((r, h, _) => new CarrierLost(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("reason", FieldReader.MaxText))),
        ["carryingHandedOver"] = Of<CarryingHandedOver>((r, h, _) => new CarryingHandedOver(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("from"), r.RequiredString("to"), r.Bool("hubAsIntermediary"), OptionalBool(r, "toNaturalPerson"))),
        ["structuringPathChosen"] = Of<StructuringPathChosen>(StructuringPath),
        ["legalFormAdopted"] = Of<LegalFormAdopted>(LegalForm),
        ["fundingSecured"] = Of<FundingSecured>(FundingSecured),
        ["fundingEnded"] = Of<FundingEnded>((r, h, _) => new FundingEnded(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("fundingId"), r.String("reason", false, FieldReader.MaxText))),
        ["accompanimentStarted"] = Of<AccompanimentStarted>((r, h, _) => new AccompanimentStarted(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.Bool("byHub"), Structure(r), r.String("programme", false))),
        ["accompanimentEnded"] = Of<AccompanimentEnded>((r, h, _) => new AccompanimentEnded(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.Bool("byHub"), Structure(r))),
        ["externalExpertiseSought"] = Of<ExternalExpertiseSought>((r, h, _) => new ExternalExpertiseSought(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("what", FieldReader.MaxText), r.RequiredString("fromWhom"), r.Bool("outsideTerritory"))),
        ["criteriaAssessed"] = Of<CriteriaAssessed>(CriteriaAssessed),
        ["projectPaused"] = Of<ProjectPaused>((r, h, _) => new ProjectPaused(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("reason", FieldReader.MaxText))),
        ["projectResumed"] = Of<ProjectResumed>((r, h, _) => new ProjectResumed(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.String("note", false, FieldReader.MaxText))),
        ["projectStopped"] = Of<ProjectStopped>(Stop),
        ["followUpObserved"] = Of<FollowUpObserved>(FollowUp),
        ["naturalPersonMarked"] = Of<NaturalPersonMarked>((r, h, _) => new NaturalPersonMarked(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("name"), r.Bool("naturalPerson"))),
        ["note"] = Of<NoteAdded>((r, h, _) => new NoteAdded(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.RequiredString("text", FieldReader.MaxText))),
        ["retraction"] = Of<MilestoneRetracted>((r, h, _) => new MilestoneRetracted(h.ProjectId, h.OccurredOn, h.LoggedBy,
            r.Guid("retractedEventId") ?? Guid.Empty, r.RequiredString("reason", FieldReader.MaxText))),
    };

    public static IReadOnlyList<string> Types => Kinds.Keys.ToList();

    private static readonly Dictionary<Type, string> WireTypes =
        Kinds.ToDictionary(k => k.Value.EventType, k => k.Key).Append(new(typeof(ProjectRegistered), "projectRegistered"))
            .ToDictionary();

    /// <summary>The wire type of a stored event: the <c>type</c> it was logged with.</summary>
    public static string TypeOf(IProjectEvent e) => WireTypes[e.GetType()];

    public static bool IsKnown(string type) => Kinds.ContainsKey(type);

    /// <summary>Reads the type's fields; check <see cref="FieldReader.Ok"/> before using the event.</summary>
    public static IProjectEvent Read(string type, FieldReader r, MilestoneHeader header, GridCatalog grids)
    {
        var e = Kinds[type].Read(r, header, grids);
        r.RejectUnknown();
        return e;
    }

    private static IProjectEvent StructuringPath(FieldReader r, MilestoneHeader h, GridCatalog _)
    {
        var path = r.Enum<StructuringPath>("path");
        var host = r.String("hostStructure", false);
        if (path == Projects.StructuringPath.ExtensionOfExistingStructure && host is null)
            r.Error("hostStructure", "obligatoire quand le projet est porté par l'extension d'une structure existante");
        return new StructuringPathChosen(h.ProjectId, h.OccurredOn, h.LoggedBy, path ?? default, host);
    }

    private static IProjectEvent LegalForm(FieldReader r, MilestoneHeader h, GridCatalog _)
    {
        var form = r.Enum<LegalForm>("form");
        var inEss = r.Bool("inEss");
        var other = r.String("otherLabel", false);
        if (form == Projects.LegalForm.Other && other is null)
            r.Error("otherLabel", "précisez la forme juridique quand elle est « other »");
        return new LegalFormAdopted(h.ProjectId, h.OccurredOn, h.LoggedBy, form ?? default, inEss, other);
    }

    private static IProjectEvent FundingSecured(FieldReader r, MilestoneHeader h, GridCatalog _)
    {
        var id = r.RequiredString("fundingId", 100);
        var kind = r.Enum<FundingSourceKind>("sourceKind");
        var funder = r.RequiredString("funder");
        var amount = r.Amount("amountEuros");
        var start = r.Date("periodStart", DateOnly.MaxValue, required: false);
        var end = r.Date("periodEnd", DateOnly.MaxValue, required: false);
        if (start is not null && end is not null && end < start)
            r.Error("periodEnd", "la fin de la période précède son début");
        return new FundingSecured(h.ProjectId, h.OccurredOn, h.LoggedBy, id, kind ?? default, funder, amount ?? 0, start, end);
    }

    private static IProjectEvent CriteriaAssessed(FieldReader r, MilestoneHeader h, GridCatalog grids)
    {
        var version = r.RequiredString("gridVersion", 50);
        var grid = grids.Find(version);
        if (version != "" && grid is null)
            r.Error("gridVersion", $"grille inconnue « {version} », attendu parmi : {string.Join(", ", grids.Versions)}");
        var scores = r.Objects("scores", s =>
        {
            var id = s.RequiredString("criterionId", 100);
            var points = s.Long("points", 0);
            if (points > 3) s.Error("points", "les points vont de 0 à 3");
            var criterion = grid?.Find(id);
            if (grid is not null && id != "" && criterion is null)
                s.Error("criterionId", $"critère inconnu de la grille {grid.Version} « {id} »");
            else if (criterion is { Source: CriterionSource.Derived })
                s.Error("criterionId", $"le critère « {id} » est calculé à partir des jalons, il ne s'évalue pas");
            return new CriterionScore(id, (int)Math.Clamp(points ?? 0, 0, 3), s.String("rationale", false, FieldReader.MaxText));
        });
        foreach (var dup in scores.GroupBy(s => s.CriterionId).Where(g => g.Key != "" && g.Count() > 1))
            r.Error("scores", $"le critère « {dup.Key} » est évalué deux fois");
        return new CriteriaAssessed(h.ProjectId, h.OccurredOn, h.LoggedBy, grid?.Version ?? version, scores);
    }

    private static string? Structure(FieldReader r)
    {
        var byHub = r.Has("byHub") && r.Bool("byHub", required: false);
        var structure = r.String("structure", false);
        if (!byHub && structure is null && r.Has("byHub"))
            r.Error("structure", "nommez la structure qui accompagne quand ce n'est pas le pôle");
        return structure;
    }

    /// <summary>Reasons are codes of <see cref="StopReason"/>, so stops can be counted; <c>other</c> needs its text.</summary>
    private static IProjectEvent Stop(FieldReader r, MilestoneHeader h, GridCatalog _)
    {
        var allowed = FrenchLabels.Allowed<StopReason>();
        var reasons = new List<StopReason>();
        var codes = r.StringList("reasons", true, 100, itemsOf: typeof(StopReason));
        foreach (var (text, i) in (codes ?? []).Select((t, i) => (t, i)))
        {
            if (StopReasons.Parse(text) is { } reason) reasons.Add(reason);
            else r.Error($"reasons[{i}]", $"raison inconnue « {text} », attendu parmi : {allowed}");
        }
        if (codes is { Count: 0 }) r.Error("reasons", $"donnez au moins une raison de l'arrêt, parmi : {allowed}");
        var other = r.String("otherReason", false, FieldReader.MaxText);
        if (reasons.Contains(StopReason.Other) && other is null)
            r.Error("otherReason", "précisez la raison quand elle est « autre »");
        if (other is not null && !reasons.Contains(StopReason.Other))
            r.Error("otherReason", "ne se donne qu'avec la raison « autre »");
        var jobs = r.Long("jobsKept", 0, required: false);
        if (jobs > MaxJobs) r.Error("jobsKept", $"{MaxJobs} au plus");
        return new ProjectStopped(h.ProjectId, h.OccurredOn, h.LoggedBy,
            reasons.Distinct().Select(x => x.Wire()).ToList(), r.String("note", false, FieldReader.MaxText), other,
            r.String("activityTakenOverBy", false), r.String("assetsPassedOnTo", false),
            r.Bool("lastingNetwork", required: false), (int)Math.Min(jobs ?? 0, MaxJobs),
            r.Enum<HubStance>("hubStance", required: false));
    }

    private const long MaxJobs = 100_000;

    private static IProjectEvent FollowUp(FieldReader r, MilestoneHeader h, GridCatalog _)
    {
        var e = new FollowUpObserved(h.ProjectId, h.OccurredOn, h.LoggedBy,
            OptionalBool(r, "activityStillRunning"), r.String("takenOverBy", false), OptionalBool(r, "assetsStillUsed"),
            OptionalBool(r, "networkStillActive"), r.Long("jobsStillThere", 0, required: false) is { } n ? (int)Math.Min(n, MaxJobs) : null,
            r.String("note", false, FieldReader.MaxText));
        if (e is { ActivityStillRunning: null, TakenOverBy: null, AssetsStillUsed: null, NetworkStillActive: null, JobsStillThere: null, Note: null })
            r.Error("note", "une observation de suivi dit au moins une chose : activityStillRunning, takenOverBy, assetsStillUsed, " +
                "networkStillActive, jobsStillThere ou note");
        return e;
    }

    /// <summary>true, false, or null when not observed.</summary>
    private static bool? OptionalBool(FieldReader r, string field)
    {
        if (r.Has(field)) return r.Bool(field);
        r.Ignore(field);
        return null;
    }
}
