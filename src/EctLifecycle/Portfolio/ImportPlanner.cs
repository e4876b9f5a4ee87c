using EctLifecycle.Timelines;
using System.Threading.Channels;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Portfolio;

/// <summary>A project already in the store that a file refers to by its key.</summary>
public sealed record ExistingProject(Guid Id, ProjectTimeline Timeline);

/// <summary>What an import will write for one project: a new stream, or events appended at a known version.</summary>
public sealed record PlannedProject(string Key, Guid Id, bool IsNew, long CurrentVersion, IReadOnlyList<IProjectEvent> Events) : EventStore.IStreamAppend;

public sealed record ImportSummary(int ProjectsCreated, int EventsAppended, int RowsSkipped, int RowsRead, bool DryRun);

public sealed class ImportPlan
{
    /// <summary>The first errors by sheet and row (at most <see cref="MaxErrors"/>); <see cref="ErrorCount"/> counts them all.</summary>
    public List<ImportError> Errors { get; } = [];
    public int ErrorCount { get; set; }
    public int MaxErrors { get; init; } = int.MaxValue;
    /// <summary>The planned projects, when the plan is made whole (<see cref="ImportPlanner.Plan"/>); a streamed plan hands them on.</summary>
    public List<PlannedProject> Projects { get; } = [];
    public int RowsSkipped { get; set; }
    public int RowsRead { get; init; }
    public int ProjectsCreated { get; set; }
    public int EventsPlanned { get; set; }

    private volatile bool _failed;
    /// <summary>Set as soon as an error is found, so that a writer fed while planning goes on stops writing.</summary>
    public bool Failed => _failed;

    internal void Fail() => _failed = true;

    public ImportSummary Summary(bool dryRun) => new(ProjectsCreated, EventsPlanned, RowsSkipped, RowsRead, dryRun);
}

/// <summary>
/// Decides what a portfolio file adds, with no I/O: every row goes through the HTTP API's reading rules
/// (FieldReader, MilestoneKinds) and every project's history, old and new, is replayed against the rules.
/// Rows whose fact is already stored (same project key and content) are skipped. The rows are first grouped by
/// project; each project is then read and checked on its own (on every core), and handed on as soon as it is planned,
/// so that an import writes while it plans. A project is checked against the rules only if its own rows read well.
/// </summary>
public static class ImportPlanner
{
    private const int ProjectsPerStep = 64;

    /// <summary>A project's rows, gathered from the three sheets.</summary>
    private sealed class Group(string key, ExistingProject? existing)
    {
        public string Key { get; } = key;
        public ExistingProject? Existing { get; } = existing;
        public PortfolioRow? Registration { get; set; }
        public List<PortfolioRow> Milestones { get; } = [];
        public List<PortfolioRow> Assessments { get; } = [];
        public int Rows => (Registration is null ? 0 : 1) + Milestones.Count + Assessments.Count;
    }

    private sealed class Draft(string key, ExistingProject? existing)
    {
        public string Key { get; } = key;
        public ExistingProject? Existing { get; } = existing;
        public Guid Id { get; } = existing?.Id ?? Guid.CreateVersion7();
        public ProjectRegistered? Registration { get; set; }
        public ImportError? RegistrationRow { get; set; }
        public List<(IProjectEvent Event, ImportError Row)> Events { get; } = [];
        public List<(CriteriaAssessed Assessment, ImportError Row)> Assessments { get; } = [];
        public Dictionary<string, int> Known { get; } = existing is null ? [] : KnownFacts(existing.Timeline);
        public List<ImportError> Errors { get; } = [];
        public int Skipped { get; set; }
    }

    /// <summary>The whole plan at once (dry runs in tests, and what <see cref="PortfolioImporter"/> writes in one go).</summary>
    public static ImportPlan Plan(
        PortfolioFile file, IReadOnlyDictionary<string, ExistingProject> existing, GridCatalog grids, DateOnly today, string loggedBy,
        IReadOnlySet<Guid>? directory = null, ImportLineage? lineage = null)
    {
        var plan = new ImportPlan { RowsRead = file.RowCount };
        PlanAsync(file, existing, grids, today, loggedBy, plan, null, null, CancellationToken.None, directory, lineage).GetAwaiter().GetResult();
        return plan;
    }

    /// <summary>
    /// Plans the file into <paramref name="plan"/>. With a <paramref name="sink"/>, each project is written to it as soon as
    /// it is planned, until the first error (the plan's <see cref="ImportPlan.Failed"/>); without, the plan keeps them.
    /// Errors end sorted by sheet and row. <paramref name="rowsDone"/> counts the rows planned. <paramref name="directory"/>:
    /// the directory actors' ids that exist among those the file names (<see cref="DirectoryIds"/>); an id a milestone
    /// carries (<c>actorId</c>, <c>introducedBy</c>) that is not there is an error on its cell. Null: not checked (a plan
    /// made without the store: benchmarks, the demo). <paramref name="lineage"/>: the stored lineage a <c>bornOf</c>'s source is
    /// checked against (a project of the file or of the store, no cycle), and written as the API writes it; null: only the
    /// file's projects are known as sources.
    /// </summary>
    public static async Task PlanAsync(
        PortfolioFile file, IReadOnlyDictionary<string, ExistingProject> existing, GridCatalog grids, DateOnly today, string loggedBy,
        ImportPlan plan, ChannelWriter<PlannedProject>? sink, IProgress<int>? rowsDone, CancellationToken ct,
        IReadOnlySet<Guid>? directory = null, ImportLineage? lineage = null)
    {
        var errors = new ImportErrors(plan.MaxErrors);
        errors.AddRange(file.FormatErrors);
        if (errors.Count > 0) plan.Fail();
        var groups = GroupRows(file, existing, errors);
        var sources = SourcesOf(groups, lineage ?? ImportLineage.None);
        CheckCycles(file, sources, lineage ?? ImportLineage.None, errors);
        if (errors.Count > 0) plan.Fail();
        var done = 0;
        foreach (var step in groups.Chunk(ProjectsPerStep))
        {
            ct.ThrowIfCancellationRequested();
            var drafts = step.Length > 1
                ? step.AsParallel().AsOrdered().WithCancellation(ct).Select(Read).ToArray()
                : step.Select(Read).ToArray();
            foreach (var (draft, project) in drafts)
            {
                plan.RowsSkipped += draft.Skipped;
                errors.AddRange(draft.Errors);
                if (draft.Errors.Count > 0) plan.Fail();
                if (project is not { } planned || plan.Failed) continue;
                plan.ProjectsCreated += planned.IsNew ? 1 : 0;
                plan.EventsPlanned += planned.Events.Count;
                if (sink is null) plan.Projects.Add(planned);
                else await sink.WriteAsync(planned, ct);
            }
            done += step.Sum(g => g.Rows);
            rowsDone?.Report(done);
        }
        if (plan.Failed) plan.Projects.Clear();
        plan.Errors.AddRange(errors.First());
        plan.ErrorCount = errors.Count;

        (Draft Draft, PlannedProject? Planned) Read(Group group)
        {
            var draft = new Draft(group.Key, group.Existing);
            if (group.Registration is { } registration) ReadProject(draft, registration, group.Existing, grids, today, loggedBy);
            foreach (var row in group.Milestones) ReadMilestone(draft, row, grids, today, loggedBy, directory, sources);
            foreach (var row in group.Assessments) ReadAssessment(draft, row, grids, today, loggedBy);
            return (draft, draft.Errors.Count == 0 ? Check(draft) : null);
        }
    }

    /// <summary>Every row to its project, in the order projects first appear; rows without a known project are errors.</summary>
    private static List<Group> GroupRows(PortfolioFile file, IReadOnlyDictionary<string, ExistingProject> existing, ImportErrors errors)
    {
        var groups = new Dictionary<string, Group>();
        var order = new List<Group>();
        foreach (var row in file.Projects)
        {
            var sheet = PortfolioSchema.Projects;
            if (row["key"] is not { } key) { errors.Add(Error(sheet, row, "key", "clé obligatoire : la référence stable du projet")); continue; }
            if (ProjectKey.Problem(key) is { } badKey) { errors.Add(Error(sheet, row, "key", badKey)); continue; }
            var normalized = ProjectKey.Normalize(key);
            if (groups.TryGetValue(normalized, out var twin))
            {
                errors.Add(Error(sheet, row, "key", $"clé « {key} » déjà utilisée ligne {twin.Registration!.Number}"));
                continue;
            }
            var group = groups[normalized] = new Group(normalized, existing.GetValueOrDefault(normalized)) { Registration = row };
            order.Add(group);
        }
        foreach (var (sheet, rows) in new[] { (PortfolioSchema.Milestones, file.Milestones), (PortfolioSchema.Assessments, file.Assessments) })
            foreach (var row in rows)
            {
                if (row["projectKey"] is not { } key) { errors.Add(Error(sheet, row, "projectKey", "clé projet obligatoire")); continue; }
                if (ProjectKey.Problem(key) is { } badKey) { errors.Add(Error(sheet, row, "projectKey", badKey)); continue; }
                var normalized = ProjectKey.Normalize(key);
                if (!groups.TryGetValue(normalized, out var group))
                {
                    if (!existing.TryGetValue(normalized, out var stored))
                    {
                        errors.Add(Error(sheet, row, "projectKey", $"projet inconnu « {key} » : ajoutez-le à la feuille projects"));
                        continue;
                    }
                    order.Add(group = groups[normalized] = new Group(normalized, stored));
                }
                (sheet == PortfolioSchema.Milestones ? group.Milestones : group.Assessments).Add(row);
            }
        return order;
    }

    private static void ReadProject(Draft draft, PortfolioRow row, ExistingProject? stored, GridCatalog grids, DateOnly today, string loggedBy)
    {
        var sheet = PortfolioSchema.Projects;
        var key = row["key"]!;
        var reader = new FieldReader(Fields(draft, sheet, row, static f => f == "key"));
        var source = reader.String("source", false);
        var registered = RegisterProjectEndpoint.Read(reader, stored?.Id ?? Guid.Empty, today, loggedBy) is { } read ? read with { Source = source } : null;
        Report(draft, sheet, row, reader);
        if (registered is null) return;

        draft.RegistrationRow = Located(sheet, row);
        if (stored is null)
        {
            draft.Registration = registered with { ProjectId = draft.Id, Key = key };
            return;
        }
        var before = (ProjectRegistered)stored.Timeline.Registration!.Event;
        if (Fingerprint.Of(before) == Fingerprint.Of(registered with { ProjectId = before.ProjectId }))
        {
            draft.Skipped++;
            return;
        }
        draft.Errors.Add(Error(sheet, row, null, $"le projet « {key} » est déjà enregistré avec d'autres informations ({Differences(before, registered)}) : " +
            "une fiche projet ne se modifie pas par import"));
    }

    private static void ReadMilestone(Draft draft, PortfolioRow row, GridCatalog grids, DateOnly today, string loggedBy, IReadOnlySet<Guid>? directory,
        Func<string, string?> sourceOf)
    {
        var sheet = PortfolioSchema.Milestones;
        var reader = new FieldReader(Fields(draft, sheet, row, static f => f == "projectKey"));
        var type = reader.RequiredString("type", 60);
        var header = Header(reader, draft, today, loggedBy);
        var source = reader.String("source", false);
        IProjectEvent? milestone = null;
        if (type is "retraction" or "projectRegistered" || (type != "" && !MilestoneKinds.IsKnown(type)))
            reader.Error("type", $"type de jalon inconnu « {type} », attendu parmi : {string.Join(", ", Importable)}");
        else if (type != "")
            milestone = MilestoneKinds.Read(type, reader, header, grids).WithSource(source);
        // The source as the API checks and writes it: a project of the file or of the store (its key), not the project itself;
        // that it closes no cycle is checked on the whole file first (CheckCycles).
        if (milestone is BornOf { SourceProject: { } born } bornOf)
        {
            if (sourceOf(born) is not { } key)
                reader.Error("sourceProject", $"aucun projet du portefeuille n'a la clé « {born} » (ni dans la feuille projects, ni déjà enregistré)");
            else if (key == sourceOf(draft.Key))
                reader.Error("sourceProject", "un projet ne peut pas être né de lui-même");
            else
                milestone = bornOf with { SourceProject = key };
        }
        if (milestone is not null && directory is not null) CheckDirectoryIds(reader, milestone, directory);
        Report(draft, sheet, row, reader);
        if (milestone is null || !reader.Ok) return;
        if (draft.Known.Count > 0 && Seen(draft, Fingerprint.Of(milestone))) { draft.Skipped++; return; }
        draft.Events.Add((milestone, Located(sheet, row)));
    }

    private static void ReadAssessment(Draft draft, PortfolioRow row, GridCatalog grids, DateOnly today, string loggedBy)
    {
        var sheet = PortfolioSchema.Assessments;
        // One row is one criterion's score: the API's assessment with a one-score list.
        var reader = new FieldReader(Fields(draft, sheet, row, static f => f == "projectKey", static f => f is "criterionId" or "points" or "rationale"));
        var header = Header(reader, draft, today, loggedBy);
        var source = reader.String("source", false);
        var assessment = (CriteriaAssessed)MilestoneKinds.Read("criteriaAssessed", reader, header, grids) with { Source = source };
        Report(draft, sheet, row, reader);
        if (!reader.Ok) return;
        if (draft.Known.Count > 0 && Seen(draft, Fingerprint.Of(assessment, assessment.Scores[0]))) { draft.Skipped++; return; }

        // Rows of one assessment (same date, grid and source) make one event; a criterion scored twice starts another.
        var last = draft.Assessments.Count > 0 ? draft.Assessments[^1] : default;
        if (last.Assessment is { } group && group.OccurredOn == assessment.OccurredOn && group.GridVersion == assessment.GridVersion
            && group.Source == assessment.Source && group.Scores.All(s => s.CriterionId != assessment.Scores[0].CriterionId))
            draft.Assessments[^1] = (group with { Scores = [.. group.Scores, assessment.Scores[0]] }, last.Row);
        else
            draft.Assessments.Add((assessment, Located(sheet, row)));
    }

    /// <summary>
    /// A project's key as the API writes it as a source (<see cref="ProjectKey.Of"/>), from the key or id a cell gives:
    /// a project of the file (its key as the projects sheet writes it), else of the store; null when neither.
    /// </summary>
    private static Func<string, string?> SourcesOf(List<Group> groups, ImportLineage lineage)
    {
        var inFile = new Dictionary<string, string>();
        foreach (var g in groups)
        {
            if (g.Existing?.Timeline.Registration?.Event is ProjectRegistered stored) inFile[g.Key] = ProjectKey.Of(stored);
            else if (g.Registration?["key"] is { } key) inFile[g.Key] = key;
        }
        return cell =>
        {
            var key = ProjectKey.Normalize(cell);
            return inFile.GetValueOrDefault(key) ?? lineage.StoredSources.GetValueOrDefault(key);
        };
    }

    /// <summary>
    /// The lineage, stored and imported, stays a forest: a <c>bornOf</c> row whose source is, through its own sources,
    /// born of the row's project is refused, as the API refuses it.
    /// </summary>
    private static void CheckCycles(PortfolioFile file, Func<string, string?> sourceOf, ImportLineage lineage, ImportErrors errors)
    {
        var edges = new List<(PortfolioRow Row, string Project, string Source)>();
        foreach (var row in file.Milestones)
            if (ImportLineage.IsBornOf(row) && row["projectKey"] is { } p && row["sourceProject"] is { } s
                && ProjectKey.Problem(p) is null && ProjectKey.Problem(s) is null
                && sourceOf(p) is { } project && sourceOf(s) is { } source && project != source)
                edges.Add((row, project, source));
        if (edges.Count == 0) return;
        var up = lineage.Sources.ToDictionary(k => k.Key, k => k.Value.Select(v => v.Source).ToList());
        foreach (var (_, project, source) in edges)
            (up.TryGetValue(project, out var list) ? list : up[project] = []).Add(source);
        foreach (var (row, project, source) in edges)
        {
            var seen = new HashSet<string>();
            var todo = new Stack<string>([source]);
            while (todo.TryPop(out var key))
            {
                if (key == project)
                {
                    errors.Add(Error(PortfolioSchema.Milestones, row, "sourceProject",
                        $"le projet « {ProjectKey.Readable(source)} » est lui-même né, directement ou non, de ce projet : la filiation ne peut pas boucler"));
                    break;
                }
                if (!seen.Add(key)) continue;
                foreach (var next in up.GetValueOrDefault(key) ?? []) todo.Push(next);
            }
        }
    }

    /// <summary>The directory's ids a milestone carries must be the directory's, as the API checks them (Actors/DirectoryReferences).</summary>
    private static void CheckDirectoryIds(FieldReader reader, IProjectEvent milestone, IReadOnlySet<Guid> directory)
    {
        if (Actors.DirectoryReferences.Named(milestone) is { Id: { } id } && !directory.Contains(id))
            reader.Error(ActorReference.Id, $"aucun acteur de l'annuaire n'a l'identifiant « {id} »");
        if (milestone is ActorJoinedCollective joined && ActorReference.IntroducerId(joined.IntroducedBy) is { } by && !directory.Contains(by))
            reader.Error(ActorReference.IntroducedBy, $"aucun acteur de l'annuaire n'a l'identifiant « {by} » (ou « pôle »)");
    }

    /// <summary>The ids of directory actors the milestone sheet's <c>actorId</c> and <c>introducedBy</c> cells may name.</summary>
    public static IReadOnlyList<Guid> DirectoryIds(PortfolioFile file) =>
        file.Milestones.SelectMany(r => new[] { r[ActorReference.Id], r[ActorReference.IntroducedBy] })
            .Select(c => Guid.TryParse(c?.Trim(), out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();

    // Who logs an imported fact is who imports it: a file never says it for them (its « saisi par » is the fact's source).
    private static MilestoneHeader Header(FieldReader reader, Draft draft, DateOnly today, string loggedBy) =>
        new(draft.Id, reader.Date("occurredOn", today) ?? default, loggedBy);

    /// <summary>The project's history, stored and new, replayed against the rules: the planned project, or its errors.</summary>
    private static PlannedProject? Check(Draft draft)
    {
        var fresh = draft.Events.Concat(draft.Assessments.Select(a => ((IProjectEvent)a.Assessment, a.Row))).ToList();
        if (draft.Existing is null && draft.Registration is null) return null;
        var before = draft.Existing?.Timeline.Entries ?? [];
        var version = draft.Existing?.Timeline.Version ?? 0;
        var located = new Dictionary<Guid, ImportError>();
        var added = new List<TimelineEntry>();
        if (draft.Registration is { } registration)
            added.Add(new TimelineEntry(Candidate(++version), version, DateTimeOffset.MaxValue, registration));
        foreach (var (e, row) in fresh)
        {
            var entry = new TimelineEntry(Candidate(++version), version, DateTimeOffset.MaxValue, e);
            located[entry.EventId] = row;
            added.Add(entry);
        }
        if (added.Count == 0) return null;

        var old = draft.Existing?.Timeline.Violations().Select(v => v.EventId).ToHashSet() ?? [];
        foreach (var v in new ProjectTimeline(before.Concat(added)).Violations().Where(v => !old.Contains(v.EventId)))
        {
            var at = v.EventId is { } id && located.TryGetValue(id, out var row) ? row : fresh.Count > 0 ? fresh[0].Row : draft.RegistrationRow!;
            var message = v.EventId is { } eid && located.ContainsKey(eid) ? v.Message
                : $"les lignes importées rendraient incohérent le jalon déjà enregistré {draft.Existing?.Timeline.Named(v.EventId) ?? ""} : {v.Message}";
            draft.Errors.Add(at with { Message = $"règle métier : {message}" });
        }
        return draft.Errors.Count > 0 ? null : new PlannedProject(draft.Key, draft.Id, draft.Existing is null,
            draft.Existing?.Timeline.Version ?? 0, added.Select(a => a.Event).ToList());
    }

    // The id of a planned event while it is checked (the stored id is made when it is written): unique within the
    // project, and without a random draw per event, which costs a system call.
    private static Guid Candidate(long version) => new((int)version, 0x7ec7, 0x1a7e, 0x80, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// The reading's errors, one per cell: a cell already refused as it was read (an unreadable date, then « date
    /// obligatoire » for the field it left empty) is not reported again, and a field's several messages make one.
    /// </summary>
    private static void Report(Draft draft, SheetSchema sheet, PortfolioRow row, FieldReader reader)
    {
        if (reader.Ok) return;
        var refused = draft.Errors.Where(e => e.Row == row.Number && e.Sheet == sheet.Name).Select(e => e.Column).ToHashSet();
        // By column: the items of a list (reasons[0], reasons[1]) are one cell.
        foreach (var cell in reader.Errors.Select(e => (At: Error(sheet, row, e.Key.Replace("scores[0].", ""), ""), Messages: e.Value))
                     .GroupBy(e => e.At.Column).Where(c => !refused.Contains(c.Key)))
            draft.Errors.Add(cell.First().At with
            {
                Message = string.Join(" ; ", cell.SelectMany(c => c.Messages).Select(FrenchLabels.ForPeople).Distinct()),
            });
    }

    // An item of a list (reasons[0]) is reported against the list's column.
    private static ImportError Error(SheetSchema sheet, PortfolioRow row, string? field, string message) =>
        new(sheet.Name, row.Number, field is null ? null : sheet.ColumnOfField(field)?.Header
            ?? (field.IndexOf('[') is > 0 and var at ? sheet.ColumnOfField(field[..at])?.Header : null) ?? field, message);

    private static FieldCells Fields(Draft draft, SheetSchema sheet, PortfolioRow row, Func<string, bool> skip, Func<string, bool>? nested = null) =>
        PortfolioRows.ToFields(sheet, row, skip, (field, message) => draft.Errors.Add(Error(sheet, row, field, message)), nested);

    private static readonly IReadOnlyList<string> Importable =
        MilestoneKinds.Types.Where(t => t != "retraction").Select(t => $"{t} ({FrenchLabels.MilestoneTypes[t]})").ToList();

    private static ImportError Located(SheetSchema sheet, PortfolioRow row) => new(sheet.Name, row.Number, null, "");

    /// <summary>Facts already stored, retracted ones included: re-importing a file never undoes a correction.</summary>
    private static Dictionary<string, int> KnownFacts(ProjectTimeline timeline)
    {
        var known = new Dictionary<string, int>();
        foreach (var entry in timeline.Entries)
        {
            var prints = entry.Event switch
            {
                ProjectRegistered or MilestoneRetracted => [],
                CriteriaAssessed a => a.Scores.Select(s => Fingerprint.Of(a, s)),
                var e => [Fingerprint.Of(e)],
            };
            foreach (var p in prints) known[p] = known.GetValueOrDefault(p) + 1;
        }
        return known;
    }

    private static bool Seen(Draft draft, string fingerprint)
    {
        if (draft.Known.GetValueOrDefault(fingerprint) == 0) return false;
        draft.Known[fingerprint]--;
        return true;
    }

    private static string Differences(ProjectRegistered stored, ProjectRegistered file)
    {
        var diffs = new List<string>();
        void Compare(string field, object? a, object? b)
        {
            if (!Equals(a, b)) diffs.Add($"{PortfolioSchema.Projects.ColumnOfField(field)!.Header} : « {a} » ≠ « {b} »");
        }
        Compare("name", stored.Name, file.Name);
        Compare("sector", stored.Sector, file.Sector);
        Compare("commune", stored.Commune, file.Commune);
        Compare("summary", stored.Summary, file.Summary);
        Compare("occurredOn", stored.OccurredOn, file.OccurredOn);
        Compare("emergenceContext", stored.EmergenceContext, file.EmergenceContext);
        Compare("hubRole", stored.HubRole, file.HubRole);
        Compare("inspiredElsewhere", stored.InspiredElsewhere, file.InspiredElsewhere);
        return string.Join(" ; ", diffs);
    }
}
