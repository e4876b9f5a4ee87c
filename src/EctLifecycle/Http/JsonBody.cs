using System.Text.Json;

namespace EctLifecycle.Http;

/// <summary>Reads a request's JSON object body, refusing bodies over 1 MB (413) and malformed JSON (400).</summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    public sealed record Read(JsonElement? Root, byte[] Bytes, IResult? Problem);

    public static async Task<Read> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return Fail(TooLarge());
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxBytes) return Fail(TooLarge());
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(TooLarge());
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0) return Fail(Problems.Invalid("body", "le corps de la requête doit être un objet JSON"));
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Fail(Problems.Invalid("body", "le corps de la requête doit être un objet JSON"));
            return new Read(doc.RootElement.Clone(), bytes, null);
        }
        catch (JsonException ex)
        {
            return Fail(Problems.Invalid("body", $"JSON invalide (ligne {ex.LineNumber + 1}, position {ex.BytePositionInLine}) : corrigez la syntaxe"));
        }
    }

    private static Read Fail(IResult problem) => new(null, [], problem);

    private static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Requête trop volumineuse",
        detail: $"le corps de la requête dépasse {MaxBytes / 1024 / 1024} Mo");
}
