using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Journal;

/// <summary>
/// <c>GET /api/audit?from=&amp;to=&amp;who=&amp;kind=</c> (admin): the journal's entries that match, newest first, at most
/// <see cref="Limit"/> of them with the total that match; <c>/api/audit.csv</c>: all of them as the page's CSV.
/// </summary>
public static class GetAuditEndpoint
{
    public const int Limit = 1000;

    [WolverineGet("/api/audit"), Authorize(Policy = Authentication.CanAdminister)]
    [Tags("Administration"), EndpointSummary("Le journal d'audit : connexions, comptes, jetons, imports, exports, effacements… (from=, to=, who=, kind=)")]
    [ProducesResponseType<AuditAnswer>(200), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? from, string? to, string? who, string? kind, IQuerySession session, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = AuditQuery.Read(from, to, who, kind, errors);
        if (errors.Count > 0) return Problems.Invalid(errors);
        return Results.Ok(await query.LoadAsync(session, Limit, ct));
    }
}

public static class GetAuditCsvEndpoint
{
    [WolverineGet("/api/audit.csv"), Authorize(Policy = Authentication.CanAdminister)]
    [Tags("Administration"), EndpointSummary("Les mêmes entrées, toutes, en CSV aux en-têtes français")]
    [ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Get(
        string? from, string? to, string? who, string? kind, IQuerySession session, BusinessCalendar calendar, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = AuditQuery.Read(from, to, who, kind, errors);
        if (errors.Count > 0) return Problems.Invalid(errors);
        return Results.File(AuditCsv.File(await query.LoadAllAsync(session, ct)), "text/csv; charset=utf-8", AuditCsv.FileName(calendar.Today));
    }
}
