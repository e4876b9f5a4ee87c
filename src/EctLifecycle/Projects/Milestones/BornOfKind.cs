using System.Text.Json.Serialization;
using EctLifecycle.Http;
using Marten;
using Marten.Events;

namespace EctLifecycle.Projects;

/// <summary>
/// What the project was born of (issue 18, réplicabilité), a dated fact: another project's carrier or collective, a
/// spin-off of another project (each naming the source project, one of ours, by its key), a method the hub ran (its name
/// in <c>Method</c>), or a replication of something elsewhere (the source outside the hub in <c>Method</c>, or one of ours).
/// <c>SourceProject</c> is stored as the source's key (<see cref="ProjectKey.Of"/>): the files carry it between databases.
/// </summary>
public sealed record BornOf(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy, BirthOrigin Origin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceProject = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Method = null) : ProjectFact, IProjectEvent;

/// <summary>One origin as the state holds it.</summary>
public sealed record Origin(BirthOrigin Kind, string? SourceProject, string? Method, DateOnly On);

public sealed class BornOfKind : MilestoneKind<BornOf>
{
    public override string Type => "bornOf";
    public override string Label => "Né d'un autre projet ou d'une méthode";
    public override int Order => 25;
    public override string Help =>
        "Ce dont le projet est né : le porteur ou le collectif d'un autre projet, un essaimage, une méthode animée par le pôle, " +
        "une réplication d'ailleurs.";

    private static readonly MilestoneField<BirthOrigin> OriginField = Field.Choice<BirthOrigin>("origin", "Né de", "né de");
    private static readonly MilestoneField<string?> SourceProject = Field.OptionalText("sourceProject", "Projet d'origine (sa clé)", "projet d'origine",
        "La clé d'un projet du portefeuille : obligatoire quand le projet est né du porteur, du collectif ou de l'essaimage d'un autre projet.");
    private static readonly MilestoneField<string?> Method = Field.OptionalText("method", "Méthode ou source extérieure", "méthode",
        "Le nom de la méthode animée par le pôle (obligatoire pour une méthode), ou ce qui est répliqué quand la source n'est pas un projet du portefeuille.");

    public override IReadOnlyList<MilestoneField> Fields => [OriginField, SourceProject, Method];

    /// <summary>The origins that name a project of the portfolio.</summary>
    public static bool NeedsProject(BirthOrigin o) => o is BirthOrigin.OtherProjectCarrier or BirthOrigin.OtherProjectCollective or BirthOrigin.SpinOff;

    protected override BornOf Read(FieldReader r, MilestoneHeader h)
    {
        var origin = r.Enum<BirthOrigin>(OriginField.Name);
        var source = SourceProject.Read(r);
        var method = Method.Read(r);
        if (origin is { } o && NeedsProject(o) && source is null)
            r.Error(SourceProject.Name, "obligatoire : la clé du projet dont celui-ci est né");
        if (origin == BirthOrigin.HubMethod && method is null)
            r.Error(Method.Name, "obligatoire : le nom de la méthode animée par le pôle");
        if (origin == BirthOrigin.ReplicationElsewhere && source is null && method is null)
            r.Error(Method.Name, "dites ce qui est répliqué : un projet du portefeuille (sa clé) ou une source extérieure");
        return new(h.ProjectId, h.OccurredOn, h.LoggedBy, origin ?? default, source is null ? null : ProjectKey.Normalize(source), method);
    }

    protected override (string Code, string Message)? Violation(ProjectState state, BornOf e) =>
        e.SourceProject is { } s && state.Origins.Any(o => o.SourceProject == s && o.Kind == e.Origin)
            ? ("originAlreadySaid", $"le projet est déjà dit né de « {s} » ainsi") : null;

    protected override ProjectState Apply(ProjectState state, BornOf e) =>
        state with { Origins = state.Origins.Add(new Origin(e.Origin, e.SourceProject, e.Method, e.OccurredOn)) };

    protected override string Summary(BornOf b) =>
        $" : {FrenchLabels.Of(b.Origin).ToLowerInvariant()}{(b.SourceProject is { } s ? $" (projet {ProjectKey.Readable(s)})" : "")}{(b.Method is { } m ? $" « {m} »" : "")}";

    /// <summary>
    /// The rules across projects, which the project's own state cannot check: the source is a project of the portfolio,
    /// not the project itself, and the lineage stays a forest (no project is, through its sources, born of itself).
    /// Returns the event with its source written as the source's key, or the answer refusing it (400 or 409, in French).
    /// </summary>
    public static async Task<(BornOf? Event, IResult? Refusal)> CheckAcrossAsync(IQuerySession session, TimelineReader timelineOf, BornOf e, CancellationToken ct)
    {
        if (e.SourceProject is not { } given) return (e, null);
        var sourceId = await ProjectKey.ResolveAsync(session, given);
        var source = sourceId == Guid.Empty ? null : await timelineOf(sourceId, ct);
        if (source?.Registration?.Event is not ProjectRegistered registration)
            return (null, Problems.Invalid(SourceProject.Name, $"aucun projet du portefeuille n'a la clé « {given} »"));
        if (sourceId == e.ProjectId)
            return (null, Problems.Invalid(SourceProject.Name, "un projet ne peut pas être né de lui-même"));
        var canonical = e with { SourceProject = ProjectKey.Of(registration) };
        var sources = await SourcesAsync(session, timelineOf, ct);
        var self = await timelineOf(e.ProjectId, ct);
        var selfKey = self?.Registration?.Event is ProjectRegistered mine ? ProjectKey.Of(mine) : e.ProjectId.ToString();
        // Walk up from the source: reaching this project would close a cycle.
        var seen = new HashSet<string>();
        var todo = new Stack<string>([canonical.SourceProject!]);
        while (todo.TryPop(out var key))
        {
            if (key == selfKey)
                return (null, Problems.Conflict("lineageCycle",
                    $"le projet « {ProjectKey.Readable(canonical.SourceProject!)} » est lui-même né, directement ou non, de ce projet : la filiation ne peut pas boucler"));
            if (!seen.Add(key)) continue;
            foreach (var up in sources.GetValueOrDefault(key) ?? []) todo.Push(up.Source);
        }
        return (canonical, null);
    }

    /// <summary>Each project's key → the keys of the projects it is said to be born of, and when (effective facts: retracted ones aside).</summary>
    public static async Task<Dictionary<string, List<(string Source, DateOnly On)>>> SourcesAsync(IQuerySession session, TimelineReader timelineOf, CancellationToken ct)
    {
        var born = await session.Events.QueryAllRawEvents().Where(x => x.EventTypesAre(typeof(BornOf))).ToListAsync(ct);
        if (born.Count == 0) return [];
        var ids = born.Select(x => x.Id).ToArray();
        var retracted = (await session.Events.QueryRawEventDataOnly<MilestoneRetracted>().Where(r => r.RetractedEventId.IsOneOf(ids)).ToListAsync(ct))
            .Select(r => r.RetractedEventId).ToHashSet();
        var keys = new Dictionary<Guid, string>();
        var result = new Dictionary<string, List<(string Source, DateOnly On)>>();
        foreach (var x in born)
        {
            if (retracted.Contains(x.Id) || x.Data is not BornOf { SourceProject: { } s } b) continue;
            if (!keys.TryGetValue(b.ProjectId, out var key))
            {
                var t = await timelineOf(b.ProjectId, ct);
                keys[b.ProjectId] = key = t?.Registration?.Event is ProjectRegistered reg ? ProjectKey.Of(reg) : b.ProjectId.ToString();
            }
            (result.TryGetValue(key, out var list) ? list : result[key] = []).Add((s, b.OccurredOn));
        }
        return result;
    }

    public override IReadOnlyList<string> FreeText => ["Method"];
    public override IReadOnlyList<string> Codes => ["SourceProject"];

    protected override BornOf Rewrite(BornOf e, ITextRewriter m) => e with { Method = m.Optional(e.Method) };
}
