using EctLifecycle.Timelines;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EctLifecycle.Http;
using EctLifecycle.Journal;
using EctLifecycle.Projects;
using JasperFx.Events;
using Marten;

namespace EctLifecycle.Privacy;

/// <summary>What an erasure asks, checked: the person's name, the project it is limited to (if any), why.</summary>
public sealed record ErasureRequest(PersonName Name, Guid? ProjectId, string Reason);

/// <summary>A project whose events name the person, and how many of them.</summary>
public sealed record ProjectOccurrences(Guid ProjectId, string Key, string Name, int Events);

/// <summary>A completed erasure: its pseudonym, the projects and events masked, the stored answers rewritten.</summary>
public sealed record ErasureDone(Guid Id, string Pseudonym, int Projects, int Events, int Answers);

/// <summary>
/// The erasure of a person's name (RGPD): every event that names the person, in every project or in one, is masked in
/// place with Marten's event data masking (<see cref="EventMasks"/>), the name replaced by a pseudonym drawn for this
/// erasure, so that the person stays one actor and every state, score and report reads the same but for the name. The
/// stored answers of the projects' idempotent writes are rewritten the same way, and the journal records the erasure
/// without the name. The API, the page /effacements and the command line `privacy erase` share it.
/// </summary>
public static class Erasures
{
    public const int MaxReason = 1000;

    /// <summary>Checks what an erasure or a search asks; every problem at once, by the API's field names.</summary>
    public static async Task<(ErasureRequest? Request, Dictionary<string, string[]> Errors)> CheckAsync(
        IQuerySession session, string? name, string? project, string? reason, bool reasonRequired, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var person = PersonName.Read(name, out var badName);
        if (badName is not null) errors["name"] = [badName];

        string? badReason = null;
        var why = reason is null ? null : TypedText.Read(reason, multiline: true, out badReason);
        if (badReason is not null) errors["reason"] = [$"le motif {badReason}"];
        else if (string.IsNullOrEmpty(why) && reasonRequired) errors["reason"] = ["le motif de l'effacement est obligatoire (par exemple : demande de la personne du 12/03)"];
        else if (why?.Length > MaxReason) errors["reason"] = [$"le motif compte {MaxReason} caractères au plus"];
        else if (person is not null && person.IsIn(why))
            errors["reason"] = ["le motif ne doit pas contenir le nom de la personne : il est conservé, lui, dans la liste des effacements et le journal"];

        Guid? projectId = null;
        var key = project is null ? null : TypedText.Read(project, multiline: false, out _);
        if (!string.IsNullOrEmpty(key))
        {
            var id = await ProjectKey.ResolveAsync(session, key);
            if (id == Guid.Empty || await session.LoadTimelineAsync(id, ct) is null)
                errors["projectId"] = [$"aucun projet de clé ou d'identifiant « {key} »"];
            else projectId = id;
        }
        return errors.Count > 0 ? (null, errors) : (new ErasureRequest(person!, projectId, why ?? ""), errors);
    }

    /// <summary>The projects whose events name the person (all, or the one asked), in registration order.</summary>
    public static async Task<IReadOnlyList<ProjectOccurrences>> FindAsync(
        IQuerySession session, PersonName name, Guid? projectId, CancellationToken ct)
    {
        var found = new List<ProjectOccurrences>();
        foreach (var timeline in await NamingAsync(session, name, projectId, ct))
        {
            var events = timeline.Entries.Count(e => EventMasks.Names(e.Event, name));
            var registered = (ProjectRegistered)timeline.Registration!.Event;
            found.Add(new ProjectOccurrences(registered.ProjectId, ProjectKey.Of(registered), registered.Name, events));
        }
        return found;
    }

    /// <summary>Why there is nothing to erase, in French, without the name (the project given, and the others).</summary>
    public static async Task<string> NowhereAsync(IQuerySession session, ErasureRequest request, CancellationToken ct)
    {
        if (request.ProjectId is not { } id) return "aucun événement d'aucun projet ne nomme cette personne (déjà effacée ?)";
        var key = ProjectKey.Of((ProjectRegistered)(await session.LoadTimelineAsync(id, ct))!.Registration!.Event);
        var others = (await FindAsync(session, request.Name, null, ct)).Count;
        return others == 0
            ? $"aucun événement du projet {key} ne nomme cette personne, ni d'aucun autre projet (déjà effacée ?)"
            : $"aucun événement du projet {key} ne nomme cette personne ; {others} autre(s) projet(s) la nomment : effacez sans projet pour les inclure";
    }

    /// <summary>Erases the person's name; null when no event names the person (nothing is written then).</summary>
    public static async Task<ErasureDone?> EraseAsync(
        IDocumentStore store, TimeProvider time, ErasureRequest request, string who, CancellationToken ct)
    {
        IReadOnlyList<ProjectTimeline> timelines;
        await using (var query = store.QuerySession())
        {
            timelines = await NamingAsync(query, request.Name, request.ProjectId, ct);
            // The directory of actors, or a hub event, may name the person where no project does (an entry registered, not yet used).
            if (timelines.Count == 0 && (request.ProjectId is not null
                || ((await DirectoryMasks.FindAsync(query, request.Name, ct)).Count == 0 && (await HubEventMasks.FindAsync(query, request.Name, ct)).Count == 0)))
                return null;
        }

        var erasure = await StartAsync(store, time, request, who, timelines, ct);
        var masking = new Masking(request.Name, erasure.Pseudonym);
        try
        {
            using (EventMasks.During(masking))
                if (timelines.Count > 0) await store.Advanced.ApplyEventDataMasking(x => Include(x, timelines, request.Name), ct);
            // The directory's entries and the hub's events, when the erasure is not limited to one project.
            if (request.ProjectId is null)
            {
                await DirectoryMasks.MaskAsync(store, masking, ct);
                await HubEventMasks.MaskAsync(store, masking, ct);
            }
        }
        finally
        {
            TimelineStore.Of(store).Forget(erasure.Streams);
        }

        // The answers, the journal's entries that named the person (a file's name) and the erasure's completion, together.
        await using var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await EventStore.AppendOnlyJournal.AllowErasureAsync(transaction, ct);
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var answers = await RewriteAnswersAsync(session, masking, erasure.Streams, ct);
        var entries = await RewriteJournalAsync(session, masking, ct);
        // The score periods hold names too (the project's, the carrier's): folded again from the masked events.
        await ScoreHistory.ScoreHistorySchema.Projection(store).ReprojectAsync(session, erasure.Streams, ct);
        // So do the watch lists kept for the day (Durability.WatchLists): dropped, the next reader computes the day's again.
        session.DeleteWhere<Durability.WatchListSnapshot>(x => true);
        erasure.EventsMasked = masking.EventsMasked;
        erasure.AnswersRewritten = answers;
        erasure.CompletedAt = time.GetUtcNow();
        session.Store(erasure);
        Audit.Record(session, time, AuditKind.Erasure, who,
            $"Effacement d'une personne (RGPD) : son nom est remplacé par « {erasure.Pseudonym} » dans {erasure.EventsMasked} événement(s) de {erasure.Streams.Count} projet(s)",
            details: new Dictionary<string, string>
            {
                ["events"] = erasure.EventsMasked.ToString(), ["projects"] = erasure.Streams.Count.ToString(),
                ["pseudonym"] = erasure.Pseudonym, ["answers"] = answers.ToString(), ["reason"] = erasure.Reason,
                ["erasure"] = erasure.Id.ToString(), ["journalEntries"] = entries.ToString(),
            });
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ErasureDone(erasure.Id, erasure.Pseudonym, erasure.Streams.Count, erasure.EventsMasked, answers);
    }

    /// <summary>The erasures, latest first.</summary>
    public static async Task<IReadOnlyList<Erasure>> ListAsync(IQuerySession session, CancellationToken ct) =>
        await session.Query<Erasure>().OrderByDescending(e => e.At).ToListAsync(ct);

    /// <summary>
    /// The timelines whose events name the person (the one asked, or every project's, in registration order): every
    /// project read a chunk at a time (<see cref="EventStoreReads.EachTimelineAsync"/>), only those naming the person kept.
    /// </summary>
    private static async Task<IReadOnlyList<ProjectTimeline>> NamingAsync(IQuerySession session, PersonName name, Guid? projectId, CancellationToken ct)
    {
        static bool Names(ProjectTimeline t, PersonName name) => t.Entries.Any(e => EventMasks.Names(e.Event, name));
        if (projectId is { } id) return await session.LoadTimelineAsync(id, ct) is { } one && Names(one, name) ? [one] : [];
        var naming = new List<ProjectTimeline>();
        await foreach (var timeline in session.EachTimelineAsync(ct))
            if (Names(timeline, name)) naming.Add(timeline);
        return naming;
    }

    /// <summary>
    /// Stores the erasure before anything is masked, with a pseudonym of its own: drawn at random (a hash of the name could
    /// be undone by trying names), unique among erasures (a unique index) and found in none of the streams' texts, so that
    /// the person does not merge with anyone.
    /// </summary>
    private static async Task<Erasure> StartAsync(
        IDocumentStore store, TimeProvider time, ErasureRequest request, string who, IReadOnlyList<ProjectTimeline> timelines, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var pseudonym = $"Personne {RandomNumberGenerator.GetInt32(0x10000):X4}";
            await using var session = store.LightweightSession();
            var probe = PersonName.Read(pseudonym, out _)!;
            if (await session.Query<Erasure>().AnyAsync(e => e.Pseudonym == pseudonym, ct)
                || timelines.Any(t => t.Entries.Any(e => EventMasks.Names(e.Event, probe)))) continue;
            var erasure = new Erasure
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()), At = time.GetUtcNow(), Who = who, Reason = request.Reason,
                Pseudonym = pseudonym, ProjectId = request.ProjectId, Streams = timelines.Select(t => t.Registration!.Event.ProjectId).ToList(),
            };
            session.Insert(erasure);
            try
            {
                await session.SaveChangesAsync(ct);
                return erasure;
            }
            catch (Marten.Exceptions.MartenCommandException ex) when (attempt < 5 && ex.InnerException is Npgsql.PostgresException { SqlState: "23505" })
            {
                // Another erasure took the same pseudonym meanwhile: draw again.
            }
        }
    }

    /// <summary>
    /// The events Marten masks: in each stream, those that name the person. Marten reads a stream whole and cannot read a
    /// row of an event type this version of the app does not know (it throws), so in a stream that holds one the events
    /// to mask are named one by one instead.
    /// </summary>
    private static void Include(JasperFx.Events.Protected.IEventDataMasking masking, IReadOnlyList<ProjectTimeline> timelines, PersonName name)
    {
        var byId = new List<Guid>();
        foreach (var timeline in timelines)
        {
            if (timeline.Entries.Count == timeline.Version)
                masking.IncludeStream(timeline.Registration!.Event.ProjectId, e => e.Data is IProjectEvent p && EventMasks.Names(p, name));
            else byId.AddRange(timeline.Entries.Where(e => EventMasks.Names(e.Event, name)).Select(e => e.EventId));
        }
        if (byId.Count > 0)
        {
            var ids = byId.ToArray();
            masking.IncludeEvents(e => e.Id.IsOneOf(ids));
        }
    }

    /// <summary>
    /// The stored first answers of the projects' idempotent writes (a registration's, a milestone's) with the name
    /// replaced in their JSON texts (a repeated request replays them), and their requests' hashes forgotten; how many answers named the person.
    /// </summary>
    private static async Task<int> RewriteAnswersAsync(IDocumentSession session, Masking masking, IReadOnlyList<Guid> streams, CancellationToken ct)
    {
        var projects = streams.Select(s => s.ToString()).ToList();
        var rewritten = new List<IdempotencyRecord>();
        var answers = 0;
        await foreach (var record in session.Query<IdempotencyRecord>().ToAsyncEnumerable(ct))
        {
            if (!projects.Any(p => record.Id.StartsWith($"milestones:{p}:", StringComparison.Ordinal) || record.Body.Contains(p, StringComparison.OrdinalIgnoreCase))) continue;
            var body = MaskJson(record.Body, masking);
            // The request's hash goes too: the body it hashes may have named the person (see IdempotencyRecord.Erased).
            var named = !ReferenceEquals(body, record.Body);
            if (!named && record.RequestHash == IdempotencyRecord.Erased) continue;
            if (named) answers++;
            record.Body = body;
            record.RequestHash = IdempotencyRecord.Erased;
            rewritten.Add(record);
        }
        foreach (var record in rewritten) session.Store(record);
        return answers;
    }

    /// <summary>
    /// The journal's entries that name the person, rewritten: only those of files (an import's, an export's, a report's),
    /// whose names are typed by people; the others hold logins, counts and the app's own words.
    /// </summary>
    private static async Task<int> RewriteJournalAsync(IDocumentSession session, Masking masking, CancellationToken ct)
    {
        var rewritten = 0;
        var files = await session.Query<AuditEntry>()
            .Where(e => e.Kind == AuditKind.Import || e.Kind == AuditKind.Export || e.Kind == AuditKind.ReportDownloaded).ToListAsync(ct);
        foreach (var entry in files)
        {
            var summary = masking.Text(entry.Summary);
            var details = entry.Details.ToDictionary(d => d.Key, d => masking.Text(d.Value));
            if (ReferenceEquals(summary, entry.Summary) && details.All(d => ReferenceEquals(d.Value, entry.Details[d.Key]))) continue;
            (entry.Summary, entry.Details) = (summary, details);
            session.Store(entry);
            rewritten++;
        }
        return rewritten;
    }

    /// <summary>The JSON with the name replaced in its texts, written as the app writes it (the same instance when it has none).</summary>
    public static string MaskJson(string json, Masking masking)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return masking.Text(json); }
        if (root is JsonValue) return masking.Text(json);
        return Masked(root) ? root!.ToJsonString() : json;

        bool Masked(JsonNode? node)
        {
            var changed = false;
            var children = node switch
            {
                JsonObject o => o.Select(p => (Parent: (JsonNode)o, Key: (object)p.Key, Value: p.Value)).ToList(),
                JsonArray a => a.Select((v, i) => (Parent: (JsonNode)a, Key: (object)i, Value: v)).ToList(),
                _ => [],
            };
            foreach (var (parent, key, value) in children)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    var masked = masking.Text(text);
                    if (ReferenceEquals(masked, text)) continue;
                    if (key is string name) parent[name] = masked; else parent[(int)key] = masked;
                    changed = true;
                }
                else changed |= Masked(value);
            }
            return changed;
        }
    }
}
