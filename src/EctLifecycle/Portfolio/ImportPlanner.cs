using System.Text.Json.Nodes;
using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Portfolio;

/// <summary>A project already in the store that a file refers to by its key.</summary>
public sealed record ExistingProject(Guid Id, ProjectTimeline Timeline);

/// <summary>What an import will write for one project: a new stream, or events appended at a known version.</summary>
public sealed record PlannedProject(string Key, Guid Id, bool IsNew, long CurrentVersion, IReadOnlyList<IProjectEvent> Events);

public sealed record ImportSummary(int ProjectsCreated, int EventsAppended, int RowsSkipped, int RowsRead, bool DryRun);

public sealed class ImportPlan
{
    public List<ImportError> Errors { get; } = [];
    public List<PlannedProject> Projects { get; } = [];
    public int RowsSkipped { get; set; }
    public int RowsRead { get; init; }

    public ImportSummary Summary(bool dryRun) => new(
        Projects.Count(p => p.IsNew), Projects.Sum(p => p.Events.Count), RowsSkipped, RowsRead, dryRun);
}

/// <summary>
/// Decides what a portfolio file adds, with no I/O: every row goes through the HTTP API's reading rules
/// (FieldReader, MilestoneKinds) and every project's history, old and new, is replayed against the rules.
/// Rows whose fact is already stored (same project key and content) are skipped.
/// </summary>
public static class ImportPlanner
{
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
    }

    public static ImportPlan Plan(
        PortfolioFile file, IReadOnlyDictionary<string, ExistingProject> existing, GridCatalog grids, DateOnly today, string loggedBy)
    {
        var plan = new ImportPlan { RowsRead = file.RowCount };
        plan.Errors.AddRange(file.FormatErrors);
        var drafts = new Dictionary<string, Draft>();

        foreach (var row in file.Projects) ReadProject(row);
        foreach (var row in file.Milestones) ReadMilestone(row);
        foreach (var row in file.Assessments) ReadAssessment(row);
        if (plan.Errors.Count > 0) return plan;

        foreach (var draft in drafts.Values) Check(draft);
        return plan;

        void ReadProject(PortfolioRow row)
        {
            var sheet = PortfolioSchema.Projects;
            if (row["key"] is not { } key) { Error(sheet, row, "key", "clé obligatoire : la référence stable du projet"); return; }
            var normalized = ProjectKey.Normalize(key);
            if (drafts.TryGetValue(normalized, out var twin) && twin.RegistrationRow is { } first)
            {
                Error(sheet, row, "key", $"clé « {key} » déjà utilisée ligne {first.Row}");
                return;
            }
            existing.TryGetValue(normalized, out var stored);
            var reader = new FieldReader(Json(sheet, row, "key"));
            var registered = RegisterProjectEndpoint.Read(reader, stored?.Id ?? Guid.Empty, today, loggedBy, loggedByInInput: true);
            Report(sheet, row, reader);
            if (registered is null) return;

            var draft = drafts[normalized] = new Draft(normalized, stored);
            draft.RegistrationRow = Located(sheet, row);
            if (stored is null)
            {
                draft.Registration = registered with { ProjectId = draft.Id, Key = key };
                return;
            }
            var before = (ProjectRegistered)stored.Timeline.Registration!.Event;
            if (Fingerprint.Of(before) == Fingerprint.Of(registered with { ProjectId = before.ProjectId }))
            {
                plan.RowsSkipped++;
                return;
            }
            Error(sheet, row, null, $"le projet « {key} » est déjà enregistré avec d'autres informations ({Differences(before, registered)}) : " +
                "une fiche projet ne se modifie pas par import");
        }

        void ReadMilestone(PortfolioRow row)
        {
            var sheet = PortfolioSchema.Milestones;
            if (DraftFor(sheet, row) is not { } draft) return;
            var reader = new FieldReader(Json(sheet, row, "projectKey"));
            var type = reader.RequiredString("type", 60);
            var header = Header(reader, draft);
            IProjectEvent? milestone = null;
            if (type is "retraction" or "projectRegistered" || (type != "" && !MilestoneKinds.IsKnown(type)))
                reader.Error("type", $"type de jalon inconnu « {type} », attendu parmi : {string.Join(", ", Importable)}");
            else if (type != "")
                milestone = MilestoneKinds.Read(type, reader, header, grids);
            Report(sheet, row, reader);
            if (milestone is null || !reader.Ok) return;
            if (draft.Known.Count > 0 && Seen(draft, Fingerprint.Of(milestone))) { plan.RowsSkipped++; return; }
            draft.Events.Add((milestone, Located(sheet, row)));
        }

        void ReadAssessment(PortfolioRow row)
        {
            var sheet = PortfolioSchema.Assessments;
            if (DraftFor(sheet, row) is not { } draft) return;
            // One row is one criterion's score: the API's assessment with a one-score list.
            var reader = new FieldReader(PortfolioRows.ToElement(sheet, row, f => f == "projectKey",
                (field, message) => Error(sheet, row, field, message), f => f is "criterionId" or "points" or "rationale"));
            var header = Header(reader, draft);
            var assessment = (CriteriaAssessed)MilestoneKinds.Read("criteriaAssessed", reader, header, grids);
            Report(sheet, row, reader);
            if (!reader.Ok) return;
            if (draft.Known.Count > 0 && Seen(draft, Fingerprint.Of(assessment, assessment.Scores[0]))) { plan.RowsSkipped++; return; }

            // Rows of one assessment (same date, grid and author) make one event; a criterion scored twice starts another.
            var last = draft.Assessments.Count > 0 ? draft.Assessments[^1] : default;
            if (last.Assessment is { } group && group.OccurredOn == assessment.OccurredOn && group.GridVersion == assessment.GridVersion
                && group.LoggedBy == assessment.LoggedBy && group.Scores.All(s => s.CriterionId != assessment.Scores[0].CriterionId))
                draft.Assessments[^1] = (group with { Scores = [.. group.Scores, assessment.Scores[0]] }, last.Row);
            else
                draft.Assessments.Add((assessment, Located(sheet, row)));
        }

        Draft? DraftFor(SheetSchema sheet, PortfolioRow row)
        {
            if (row["projectKey"] is not { } key) { Error(sheet, row, "projectKey", "clé projet obligatoire"); return null; }
            var normalized = ProjectKey.Normalize(key);
            if (drafts.TryGetValue(normalized, out var draft)) return draft;
            if (existing.TryGetValue(normalized, out var stored)) return drafts[normalized] = new Draft(normalized, stored);
            Error(sheet, row, "projectKey", $"projet inconnu « {key} » : ajoutez-le à la feuille projects");
            return null;
        }

        MilestoneHeader Header(FieldReader reader, Draft draft) =>
            new(draft.Id, reader.Date("occurredOn", today) ?? default, reader.String("loggedBy", false) ?? loggedBy);

        void Check(Draft draft)
        {
            var fresh = draft.Events.Concat(draft.Assessments.Select(a => ((IProjectEvent)a.Assessment, a.Row))).ToList();
            if (draft.Existing is null && draft.Registration is null) return;
            var before = draft.Existing?.Timeline.Entries ?? [];
            var version = draft.Existing?.Timeline.Version ?? 0;
            var located = new Dictionary<Guid, ImportError>();
            var added = new List<TimelineEntry>();
            if (draft.Registration is { } registration)
                added.Add(new TimelineEntry(Guid.NewGuid(), ++version, DateTimeOffset.MaxValue, registration));
            foreach (var (e, row) in fresh)
            {
                var entry = new TimelineEntry(Guid.NewGuid(), ++version, DateTimeOffset.MaxValue, e);
                located[entry.EventId] = row;
                added.Add(entry);
            }
            if (added.Count == 0) return;

            var old = draft.Existing?.Timeline.Violations().Select(v => v.EventId).ToHashSet() ?? [];
            foreach (var v in new ProjectTimeline(before.Concat(added)).Violations().Where(v => !old.Contains(v.EventId)))
            {
                var at = v.EventId is { } id && located.TryGetValue(id, out var row) ? row : fresh.Count > 0 ? fresh[0].Row : draft.RegistrationRow!;
                var message = v.EventId is { } eid && located.ContainsKey(eid) ? v.Message
                    : $"les lignes importées rendraient incohérent un jalon déjà enregistré : {v.Message}";
                plan.Errors.Add(at with { Message = $"règle métier ({v.Code}) : {message}" });
            }
            if (plan.Errors.Count == 0)
                plan.Projects.Add(new PlannedProject(draft.Key, draft.Id, draft.Existing is null,
                    draft.Existing?.Timeline.Version ?? 0, added.Select(a => a.Event).ToList()));
        }

        void Report(SheetSchema sheet, PortfolioRow row, FieldReader reader)
        {
            foreach (var (field, messages) in reader.Errors)
                foreach (var message in messages)
                    Error(sheet, row, field.Replace("scores[0].", ""), message);
        }

        void Error(SheetSchema sheet, PortfolioRow row, string? field, string message) =>
            plan.Errors.Add(new ImportError(sheet.Name, row.Number,
                field is null ? null : sheet.ColumnOfField(field)?.Header ?? field, message));

        System.Text.Json.JsonElement Json(SheetSchema sheet, PortfolioRow row, string skip) =>
            PortfolioRows.ToElement(sheet, row, f => f == skip, (field, message) => Error(sheet, row, field, message));
    }

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
