using System.Security.Claims;
using EctLifecycle.Accounts;
using EctLifecycle.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Actors;

public sealed record MergeDone(Guid Id, Guid Kept, Guid Absorbed);

/// <summary>
/// <c>POST /api/actors/merges</c>: <c>{ kept, absorbed }</c>, two entries found to be the same actor. One event on a
/// stream of its own: the entries' histories stay as they are, and <see cref="IActorIdentities"/> reads the absorbed
/// entry as the kept one from the instant it is recorded. 400 naming the field (unknown, the same, already merged, a
/// loop); 201 with the merge's id, which <c>POST /api/actors/merges/{id}/undo</c> undoes.
/// </summary>
public static class MergeActorsEndpoint
{
    [WolverinePost("/api/actors/merges"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Acteurs"), EndpointSummary("Fusionner deux acteurs de l'annuaire reconnus comme un seul (un fait, annulable)")]
    [ProducesResponseType<MergeDone>(201), ProducesResponseType<HttpValidationProblemDetails>(400)]
    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(request, ct);
        if (body.Problem is not null) return body.Problem;
        var reader = new FieldReader(body.Root!.Value);
        var kept = reader.Guid("kept");
        var absorbed = reader.Guid("absorbed");
        reader.RejectUnknown();
        if (!reader.Ok) return Problems.Invalid(reader.Errors);
        return await MergeAsync(store, time, kept!.Value, absorbed!.Value, user.Login(), ct);
    }

    public static async Task<IResult> MergeAsync(IDocumentStore store, TimeProvider time, Guid kept, Guid absorbed, string by, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await CheckAsync(session, kept, absorbed, ct) is { Count: > 0 } errors) return Problems.Invalid(errors);
        var id = Guid.CreateVersion7(time.GetUtcNow());
        session.Events.StartStream<ActorMerge>(id, new ActorsMerged(id, kept, absorbed, by));
        await session.SaveChangesAsync(ct);
        return Results.Json(new MergeDone(id, kept, absorbed), statusCode: StatusCodes.Status201Created);
    }

    public static async Task<Dictionary<string, string[]>> CheckAsync(IQuerySession session, Guid kept, Guid absorbed, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var known = (await session.Query<Actor>().Where(a => a.Id == kept || a.Id == absorbed).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        if (!known.Contains(kept)) errors["kept"] = [$"aucun acteur de l'annuaire n'a l'identifiant « {kept} »"];
        if (!known.Contains(absorbed)) errors["absorbed"] = [$"aucun acteur de l'annuaire n'a l'identifiant « {absorbed} »"];
        if (errors.Count > 0) return errors;
        if (kept == absorbed) return new() { ["absorbed"] = ["un acteur ne se fusionne pas avec lui-même"] };
        var inForce = (await session.Query<ActorMerge>().Where(m => m.UndoneAt == null).ToListAsync(ct))
            .OrderBy(m => m.At).GroupBy(m => m.Absorbed).ToDictionary(g => g.Key, g => g.Last().Kept);
        if (inForce.ContainsKey(absorbed)) errors["absorbed"] = ["cet acteur est déjà fusionné dans un autre : annulez d'abord cette fusion"];
        else if (DirectoryIdentities.Kept(kept, inForce) == absorbed) errors["kept"] = ["cet acteur est déjà fusionné dans l'autre : la fusion tournerait en rond"];
        else if (inForce.ContainsKey(kept)) errors["kept"] = ["cet acteur est fusionné dans un autre : gardez plutôt celui-là"];
        return errors;
    }
}

/// <summary>
/// <c>POST /api/actors/merges/{id}/undo</c>: undoes a merge (an event; the merge stays in the history); 404 unknown, 409
/// already undone. A POST rather than a DELETE: nothing is deleted, a fact is added.
/// </summary>
public static class UndoMergeEndpoint
{
    [WolverinePost("/api/actors/merges/{id}/undo"), Authorize(Policy = Authentication.CanWrite)]
    [Tags("Acteurs"), EndpointSummary("Annuler une fusion d'acteurs (un fait de plus : chacun redevient lui-même)")]
    [ProducesResponseType<MergeDone>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Undo(Guid id, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ActorMerge>(id, ct) is not { } merge) return Problems.NotFound("Fusion inconnue", $"aucune fusion d'acteurs n'a l'identifiant {id}");
        if (merge.UndoneAt is not null) return Problems.Conflict("mergeAlreadyUndone", "cette fusion est déjà annulée");
        session.Events.Append(id, new ActorMergeUndone(id, user.Login()));
        await session.SaveChangesAsync(ct);
        return Results.Ok(new MergeDone(id, merge.Kept, merge.Absorbed));
    }
}
