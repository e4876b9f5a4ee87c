using System.Globalization;
using EctLifecycle.Http;
using Marten;

namespace EctLifecycle.Journal;

/// <summary>The journal's entries that match a query, newest first: <see cref="Total"/> of them, the first ones in <see cref="Entries"/>.</summary>
public sealed record AuditAnswer(int Total, IReadOnlyList<AuditEntry> Entries);

/// <summary>
/// What the journal's page, its CSV and <c>GET /api/audit</c> filter on: the hub's days from and to (Paris, both
/// included), a login (the one acting or the account concerned, so that a person's sign-ins, failed ones included, come
/// with what they did), and a kind.
/// </summary>
public sealed record AuditQuery(DateOnly? From, DateOnly? To, string? Who, AuditKind? Kind)
{
    /// <summary>The query of these texts (the page's and the API's parameters), or the French reasons, by field, why not.</summary>
    public static AuditQuery Read(string? from, string? to, string? who, string? kind, Dictionary<string, string[]> errors)
    {
        var fromDay = ReadDay("from", from, errors);
        var toDay = ReadDay("to", to, errors);
        if (fromDay > toDay) errors["to"] = [$"la fin ({toDay:dd/MM/yyyy}) précède le début ({fromDay:dd/MM/yyyy})"];

        string? login = null;
        if (!TypedText.IsBlank(who))
        {
            login = TypedText.Trim(who!).ToLowerInvariant();
            if (TypedText.Problem(login, multiline: false) is { } bad) errors["who"] = [$"l'identifiant {bad}"];
            else if (login.Length > 100) errors["who"] = ["l'identifiant compte 100 caractères au plus"];
        }

        AuditKind? chosen = null;
        if (!TypedText.IsBlank(kind))
        {
            if (AuditKinds.TryParse(kind, out var k)) chosen = k;
            else errors["kind"] = [$"type inconnu « {kind} », attendu parmi : {string.Join(", ", Enum.GetValues<AuditKind>().Select(k => $"{k.Wire()} ({k.Label()})"))}"];
        }
        return new AuditQuery(fromDay, toDay, login, chosen);
    }

    private static DateOnly? ReadDay(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (TypedText.IsBlank(text)) return null;
        if (DateText.TryParseIso(text, out var day)) return day;
        errors[field] = [DateText.IsoProblem(text)];
        return null;
    }

    /// <summary>The total that match, and the newest <paramref name="limit"/> of them.</summary>
    public async Task<AuditAnswer> LoadAsync(IQuerySession session, int limit, CancellationToken ct)
    {
        var total = await Matching(session).CountAsync(ct);
        var entries = await Matching(session).OrderByDescending(e => e.At).Take(limit).ToListAsync(ct);
        return new AuditAnswer(total, entries);
    }

    /// <summary>Every entry that matches, newest first (the CSV).</summary>
    public async Task<IReadOnlyList<AuditEntry>> LoadAllAsync(IQuerySession session, CancellationToken ct) =>
        await Matching(session).OrderByDescending(e => e.At).ToListAsync(ct);

    private IQueryable<AuditEntry> Matching(IQuerySession session)
    {
        var entries = session.Query<AuditEntry>().AsQueryable();
        // A day of the hub starts right after the end of the day before (23 or 25 hours when the clocks change).
        if (From is { } from)
        {
            var start = BusinessCalendar.EndOf(from.AddDays(-1)).AddTicks(1);
            entries = entries.Where(e => e.At >= start);
        }
        if (To is { } to)
        {
            var end = BusinessCalendar.EndOf(to);
            entries = entries.Where(e => e.At <= end);
        }
        if (Who is { } who) entries = entries.Where(e => e.Who == who || e.Login == who);
        if (Kind is { } kind) entries = entries.Where(e => e.Kind == kind);
        return entries;
    }

    /// <summary>The query's parameters, for a link (the CSV of what the page shows).</summary>
    public string QueryString()
    {
        var parts = new List<string>();
        if (From is { } f) parts.Add($"from={f:yyyy-MM-dd}");
        if (To is { } t) parts.Add($"to={t:yyyy-MM-dd}");
        if (Who is { } w) parts.Add($"who={Uri.EscapeDataString(w)}");
        if (Kind is { } k) parts.Add($"kind={k.Wire()}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}

/// <summary>The journal as a CSV file for people (a spreadsheet): French headers, Paris time, newest first.</summary>
public static class AuditCsv
{
    public static readonly string[] Headers = ["date et heure (Paris)", "type", "qui", "compte concerné", "résumé"];

    public static byte[] File(IEnumerable<AuditEntry> entries)
    {
        var buffer = new MemoryStream();
        using (var csv = CsvFiles.Writer(buffer))
        {
            csv.WriteRecord(Headers);
            foreach (var e in entries)
                csv.WriteRecord([BusinessCalendar.InParis(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.Kind.Label(), CsvFiles.Text(e.Who), CsvFiles.Text(e.Login), CsvFiles.Text(e.Summary)]);
        }
        return buffer.ToArray();
    }

    /// <summary>Named by the day it was taken, as the portfolio's export is.</summary>
    public static string FileName(DateOnly today) => $"journal-{today:yyyy-MM-dd}.csv";
}
