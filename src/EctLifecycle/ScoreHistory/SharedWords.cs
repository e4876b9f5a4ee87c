using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EctLifecycle.ScoreHistory;

/// <summary>
/// The words of the app's vocabulary that every score period repeats (its grid, stage, legal form, the criteria's and
/// pillars' ids, the kinds of actors...), read once into one string each, shared by every period that holds them instead
/// of a copy per period: a report at L holds 100,000 periods or more at once, and these copies were half of each one's
/// memory (5.0 KB a period read whole, 2.9 KB with them shared; docs/benchmarks.md). Only for the fields whose values
/// come from the vocabulary and the grid files, never for what staff write (names, sector, commune, notes, reasons: an
/// erasure masks them, Privacy/EventMasks): a shared word stays in memory as long as the app runs, which an erased
/// text must not (docs/personal-data.md).
/// The pool is bounded (<see cref="MostWords"/>): past it, a word is read as a copy of its own, as without the pool.
/// </summary>
public static class SharedWords
{
    /// <summary>The most words kept; the vocabulary and the grids hold a few hundred.</summary>
    public const int MostWords = 4096;

    /// <summary>The longest word shared, in UTF-8 bytes; a longer value is read as a copy of its own.</summary>
    public const int LongestWord = 96;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string or property name under the reader, as the shared word when it is one.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        // Unescaped, a value has at most as many characters as its UTF-8 bytes ("mobilit\u00e9" as the app's writer escapes it).
        if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > LongestWord) return reader.GetString()!;
        Span<char> chars = stackalloc char[LongestWord];
        var length = reader.CopyString(chars);
        return Share(chars[..length]);
    }

    /// <summary>
    /// <paramref name="word"/> as the shared word, for a field of the vocabulary read otherwise than from a period's JSON
    /// (a column PostgreSQL extracts from it); a longer value is kept as it is.
    /// </summary>
    public static string Of(string word) => word.Length > LongestWord ? word : Share(word);

    /// <summary>The shared word equal to <paramref name="word"/>, added to the pool when there is room.</summary>
    private static string Share(ReadOnlySpan<char> word)
    {
        if (BySpan.TryGetValue(word, out var shared)) return shared;
        var made = word.ToString();
        return Pool.Count < MostWords ? Pool.GetOrAdd(made, made) : made;
    }
}

/// <summary>A string field of the vocabulary, read as its <see cref="SharedWords"/> word; written as any string.</summary>
public sealed class SharedWord : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? SharedWords.Read(ref reader)
        : throw new JsonException($"a string was expected, not {reader.TokenType}");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A list of the vocabulary's words (kinds, reasons, criteria), each read as its <see cref="SharedWords"/> word.</summary>
public sealed class SharedWordList : JsonConverter<List<string>>
{
    public override List<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"an array was expected, not {reader.TokenType}");
        var words = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            words.Add(reader.TokenType == JsonTokenType.String ? SharedWords.Read(ref reader)
                : throw new JsonException($"a string was expected, not {reader.TokenType}"));
        return words;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var word in value) writer.WriteStringValue(word);
        writer.WriteEndArray();
    }
}

/// <summary>
/// A dictionary keyed by the grid's ids (criteria, pillars), each key read as its <see cref="SharedWords"/> word and each
/// value as the serializer reads <typeparamref name="TValue"/>; written key by key as the serializer writes a dictionary
/// (its key policy, if any, applied).
/// </summary>
public sealed class SharedKeys<TValue> : JsonConverter<Dictionary<string, TValue>>
{
    public override Dictionary<string, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"an object was expected, not {reader.TokenType}");
        var values = new Dictionary<string, TValue>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = SharedWords.Read(ref reader);
            reader.Read();
            values[key] = JsonSerializer.Deserialize<TValue>(ref reader, options)!;
        }
        return values;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, TValue> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, v) in value)
        {
            writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(key) ?? key);
            JsonSerializer.Serialize(writer, v, options);
        }
        writer.WriteEndObject();
    }
}
