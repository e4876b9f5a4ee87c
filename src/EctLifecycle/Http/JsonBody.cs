using System.Text.Json;
using System.Text.Unicode;

namespace EctLifecycle.Http;

/// <summary>
/// Reads a request's JSON object body, refusing bodies over 1 MB (413), and with a 400 bodies that are not UTF-8,
/// malformed JSON, and texts that no field could store (see <see cref="UnstorableTexts"/>).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;
    /// <summary>The name of the whole body in a 400's errors, where no field can be named.</summary>
    public const string Whole = "corps";

    /// <param name="TextErrors">
    /// The texts no field could store, by their path, when they are the body's only fault: <paramref name="Problem"/> then
    /// refuses the body for them, and <paramref name="Root"/> holds it with each of those texts mended (<see cref="Mended"/>), so that an endpoint
    /// that reads it (<see cref="FieldReader.Override"/>) names them together with its other fields' errors, in one answer.
    /// </param>
    public sealed record Read(JsonElement? Root, byte[] Bytes, IResult? Problem, IReadOnlyDictionary<string, string[]>? TextErrors = null);

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
        if (bytes.Length == 0) return Fail(Problems.Invalid(Whole, "le corps de la requête doit être un objet JSON"));
        // System.Text.Json checks a string's UTF-8 only when it is read: checked here once, for the whole body.
        if (!Utf8.IsValid(bytes))
            return Fail(Problems.Invalid(Whole, $"le corps de la requête n'est pas un texte UTF-8 valide (octet invalide à la position {FirstInvalid(bytes)}) : envoyez-le encodé en UTF-8"));
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Fail(Problems.Invalid(Whole, "le corps de la requête doit être un objet JSON"));
            var errors = new Dictionary<string, string[]>();
            var badName = false;
            UnstorableTexts(doc.RootElement, "", errors, ref badName);
            if (errors.Count == 0) return new Read(doc.RootElement.Clone(), bytes, null);
            // A field's name that no text can stand for: its errors alone.
            if (badName) return Fail(Problems.Invalid(errors));
            return new Read(Mended(doc.RootElement), bytes, Problems.Invalid(errors), errors);
        }
        catch (JsonException ex)
        {
            return Fail(Problems.Invalid(Whole, $"JSON invalide (ligne {ex.LineNumber + 1}, position {ex.BytePositionInLine}) : corrigez la syntaxe"));
        }
    }

    /// <summary>
    /// Every string of the body, at any depth, that could not be stored whatever the field: an escaped half of a UTF-16
    /// surrogate pair (<c>\ud800</c>, which reading the string would throw on), NUL (<c>\u0000</c>, which PostgreSQL's
    /// jsonb refuses) and the other control characters but tab and line breaks, named by their path. A field's own
    /// reading then applies the rest of <see cref="TypedText"/>'s rules (a name has no line break).
    /// </summary>
    private static void UnstorableTexts(JsonElement element, string path, Dictionary<string, string[]> errors, ref bool badName)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Decoded(() => property.Name) is not { } name || TypedText.Problem(name, multiline: false) is not null)
                    {
                        errors[path.Length > 0 ? path : Whole] = ["un nom de champ contient un caractère interdit (nul, de contrôle ou moitié de caractère UTF-16)"];
                        badName = true;
                        continue;
                    }
                    UnstorableTexts(property.Value, path.Length > 0 ? $"{path}.{name}" : name, errors, ref badName);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) UnstorableTexts(item, $"{path}[{i++}]", errors, ref badName);
                break;
            case JsonValueKind.String:
                if (Decoded(element.GetString) is not { } text)
                    errors[path] = ["contient une moitié isolée de caractère UTF-16 (comme \\ud800) : ce n'est pas un texte Unicode valide"];
                else if (TypedText.Problem(text, multiline: true) is { } problem)
                    errors[path] = [problem];
                break;
        }
    }

    /// <summary>
    /// The body with the characters <see cref="UnstorableTexts"/> refuses taken out of each text (a text still refused
    /// then, emptied), everything else as sent: the endpoint's other rules read the rest of the text as typed (a stop's
    /// reason "other" sent with a NUL is still "other"), and say nothing of it that its refusal does not.
    /// </summary>
    private static JsonElement Mended(JsonElement root)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(root, writer);
        using var emptied = JsonDocument.Parse(buffer.WrittenMemory);
        return emptied.RootElement.Clone();

        static void Write(JsonElement element, Utf8JsonWriter writer)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        writer.WritePropertyName(property.Name);
                        Write(property.Value, writer);
                    }
                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray()) Write(item, writer);
                    writer.WriteEndArray();
                    break;
                case JsonValueKind.String:
                    writer.WriteStringValue(Decoded(element.GetString) is { } text ? Storable(text) : "");
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }

    private static string Storable(string text)
    {
        if (TypedText.Problem(text, multiline: true) is null) return text;
        var kept = new string(text.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray());
        return TypedText.Problem(kept, multiline: true) is null ? kept : "";
    }

    // Reading an escaped lone surrogate throws: the one way to learn of it without decoding the JSON again.
    private static string? Decoded(Func<string?> read)
    {
        try { return read(); }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>The place (from 1) of the first byte that is not UTF-8, for the message.</summary>
    private static int FirstInvalid(byte[] bytes)
    {
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return read + 1;
    }

    private static Read Fail(IResult problem) => new(null, [], problem);

    private static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Requête trop volumineuse",
        detail: $"le corps de la requête dépasse {MaxBytes / 1024 / 1024} Mo");
}
