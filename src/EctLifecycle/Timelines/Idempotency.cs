using EctLifecycle.Http;
using EctLifecycle.Projects;
using System.Security.Cryptography;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;

namespace EctLifecycle.Timelines;

/// <summary>The first answer to a request made with an <c>Idempotency-Key</c>, stored in the same transaction as its events.</summary>
public sealed class IdempotencyRecord
{
    public string Id { get; set; } = "";
    /// <summary>The SHA-256 of the request's body, or <see cref="Erased"/>.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>
    /// The hash of a request whose project an erasure went through: the hash of a body that named the person would let
    /// anyone who guesses the name confirm it, so it is forgotten, and a repeat of the key replays the (masked) answer
    /// whatever its body.
    /// </summary>
    public const string Erased = "effacé";
    public int StatusCode { get; set; }
    public string Body { get; set; } = "";
    public string? Location { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A write's answer when it succeeds: the status, the JSON body and, for a creation, the Location; and what to do once
/// its transaction is committed (keep the read model up to date).
/// </summary>
public sealed record WriteAnswer(int Status, object Body, string? Location = null)
{
    public Action? Committed { get; init; }

    /// <summary>The write picked a project's key itself: when another write took it meanwhile, it picks again.</summary>
    public bool KeyPicked { get; init; }

    /// <summary>The document whose id is the write's key (a project's key): a simultaneous write that took it is a conflict.</summary>
    public Type? KeyDocument { get; init; }
}

/// <summary>
/// Runs a write: replays the stored answer for a repeated Idempotency-Key, retries on a concurrent append
/// (re-reading and re-deciding, so no writer's event is lost), and saves the answer with the events.
/// </summary>
public static class IdempotentWrite
{
    public const string Header = "Idempotency-Key";
    private const int MaxAttempts = 40;

    /// <summary>One try at deciding the write in <paramref name="session"/>; <paramref name="attempt"/> counts from 1 (a retry follows a concurrent append).</summary>
    public delegate Task<(WriteAnswer? Answer, IResult? Failure)> Attempt(IDocumentSession session, int attempt);

    public static IResult? ReadKey(HttpRequest request, out string? key)
    {
        key = request.Headers.TryGetValue(Header, out var v) ? v.ToString().Trim() : null;
        if (key is null) return null;
        return key.Length is 0 or > 200
            ? Problems.Invalid(Header, "l'en-tête Idempotency-Key doit contenir de 1 à 200 caractères")
            : null;
    }

    public static async Task<IResult> RunAsync(
        IDocumentStore store, TimeProvider time, string? recordId, byte[] requestBody, Attempt attempt,
        Func<Task<IResult>>? onConflict, JsonSerializerOptions json, CancellationToken ct)
    {
        var hash = recordId is null ? "" : Convert.ToHexString(SHA256.HashData(requestBody));
        for (var i = 1; ; i++)
        {
            await using var session = store.LightweightSession();
            if (recordId is not null && await session.LoadAsync<IdempotencyRecord>(recordId, ct) is { } first)
                return Replay(first, hash);

            var (answer, failure) = await attempt(session, i);
            if (failure is not null) return failure;

            var body = JsonSerializer.Serialize(answer!.Body, json);
            if (recordId is not null)
            {
                session.Insert(new IdempotencyRecord
                {
                    Id = recordId, RequestHash = hash, StatusCode = answer.Status, Body = body,
                    Location = answer.Location, CreatedAt = time.GetUtcNow(),
                });
            }
            try
            {
                await session.SaveChangesAsync(ct);
                answer.Committed?.Invoke();
                return Respond(answer.Status, body, answer.Location, replayed: false);
            }
            catch (Exception ex) when (IsDuplicateKey(ex) && recordId is not null)
            {
                continue; // the same key won a race: the next pass replays its answer
            }
            catch (DocumentAlreadyExistsException ex) when (ex.DocType == answer.KeyDocument && answer.KeyPicked && i < MaxAttempts)
            {
                continue; // a simultaneous registration took the next key: pick the one after it
            }
            catch (DocumentAlreadyExistsException ex) when (ex.DocType == answer.KeyDocument)
            {
                return Problems.Conflict("keyTaken", $"la clé « {ex.Id} » a été prise par un autre enregistrement simultané");
            }
            catch (Exception ex) when (IsConcurrentAppend(ex))
            {
                if (onConflict is not null) return await onConflict();
                if (i >= MaxAttempts) throw;
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(i, 10)), ct);
            }
        }
    }

    private static IResult Replay(IdempotencyRecord first, string hash) => first.RequestHash == hash || first.RequestHash == IdempotencyRecord.Erased
        ? Respond(first.StatusCode, first.Body, first.Location, replayed: true)
        : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Clé d'idempotence réutilisée",
            detail: "cette clé Idempotency-Key a déjà servi pour une autre requête : utilisez une nouvelle clé");

    private static IResult Respond(int status, string body, string? location, bool replayed) =>
        new WrittenResult(status, body, location, replayed);

    private static bool IsDuplicateKey(Exception ex) => ex is DocumentAlreadyExistsException { DocType: var t } && t == typeof(IdempotencyRecord);

    private static bool IsConcurrentAppend(Exception ex) => Faults.DatabaseFaults.IsConcurrentAppend(ex);

}

/// <summary>A write's stored JSON answer (also read by the web pages, which share the API's write path).</summary>
public sealed class WrittenResult(int status, string body, string? location, bool replayed) : IResult
{
    public int Status => status;
    public string Body => body;

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (location is not null) context.Response.Headers.Location = location;
        if (replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(body);
    }
}
