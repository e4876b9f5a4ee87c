using System.Globalization;
using System.Text.Json;

namespace EctLifecycle.Http;

/// <summary>
/// One field's value for <see cref="FieldReader"/>: an element of a JSON body, or a spreadsheet cell already read by its
/// column's kind (text, date, number, yes/no, list, a nested object). Both answer the same questions with the JSON's
/// meaning, so the API and the import read through the same rules without turning every row into JSON first.
/// </summary>
public readonly struct FieldValue
{
    private readonly JsonElement _json;
    // string, DateOnly, decimal, bool, string[], FieldCells or FieldCells[]; unused for JSON.
    private readonly object? _cell;
    private readonly bool _isCell;

    public FieldValue(JsonElement json) => _json = json;

    /// <summary>A cell's value: string, DateOnly, decimal, bool, string[] (a list), FieldCells[] (a list of objects).</summary>
    internal FieldValue(object cell)
    {
        _cell = cell;
        _isCell = true;
    }

    /// <summary>The two booleans boxed once (a file has hundreds of thousands of yes/no cells).</summary>
    internal static readonly object True = true, False = false;

    public JsonValueKind Kind => !_isCell ? _json.ValueKind : _cell switch
    {
        string or DateOnly => JsonValueKind.String,
        decimal => JsonValueKind.Number,
        bool b => b ? JsonValueKind.True : JsonValueKind.False,
        string[] or FieldCells[] => JsonValueKind.Array,
        FieldCells => JsonValueKind.Object,
        _ => JsonValueKind.Null,
    };

    /// <summary>The text of a string value (a date as YYYY-MM-DD).</summary>
    public string GetString() => !_isCell ? _json.GetString()! : _cell switch
    {
        string s => s,
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException("not a text"),
    };

    /// <summary>A date given as such (a cell read as a date), without formatting and parsing it again.</summary>
    public bool IsDate(out DateOnly date)
    {
        date = _cell is DateOnly d ? d : default;
        return _cell is DateOnly;
    }

    public bool GetBoolean() => !_isCell ? _json.GetBoolean() : (bool)_cell!;

    public bool TryGetDecimal(out decimal value)
    {
        if (!_isCell) return _json.TryGetDecimal(out value);
        value = _cell is decimal d ? d : 0;
        return _cell is decimal;
    }

    /// <summary>A whole number, as JSON has it: written without a fractional part.</summary>
    public bool TryGetInt64(out long value)
    {
        if (!_isCell) return _json.TryGetInt64(out value);
        value = 0;
        if (_cell is not decimal d || d.Scale != 0 || d < long.MinValue || d > long.MaxValue) return false;
        value = (long)d;
        return true;
    }

    public string GetRawText() => !_isCell ? _json.GetRawText() : Convert.ToString(_cell, CultureInfo.InvariantCulture) ?? "";

    public IEnumerable<FieldValue> EnumerateArray() => !_isCell
        ? _json.EnumerateArray().Select(e => new FieldValue(e))
        : _cell switch
        {
            string[] items => items.Select(i => new FieldValue(i)),
            FieldCells[] objects => objects.Select(o => new FieldValue(o)),
            _ => throw new InvalidOperationException("not a list"),
        };

    /// <summary>The reader of an object value.</summary>
    public FieldReader Reader(string prefix) => !_isCell ? new FieldReader(_json, prefix) : new FieldReader((FieldCells)_cell!, prefix);

    /// <summary>Writes the value as the API's JSON.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (!_isCell)
        {
            _json.WriteTo(writer);
            return;
        }
        switch (_cell)
        {
            case string s: writer.WriteStringValue(s); break;
            case DateOnly d:
                Span<char> iso = stackalloc char[10];
                d.TryFormat(iso, out _, "O", CultureInfo.InvariantCulture);
                writer.WriteStringValue(iso);
                break;
            case decimal n: writer.WriteNumberValue(n); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string[] items:
                writer.WriteStartArray();
                foreach (var item in items) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case FieldCells[] objects:
                writer.WriteStartArray();
                foreach (var o in objects) o.WriteTo(writer);
                writer.WriteEndArray();
                break;
            case FieldCells o: o.WriteTo(writer); break;
        }
    }
}

/// <summary>
/// A row's fields read from its cells, in the order of the row, each field once (<c>PortfolioRows.ToFields</c> keeps a
/// field's last cell, as a JSON object keeps its last property).
/// </summary>
public sealed class FieldCells(IReadOnlyList<KeyValuePair<string, object>> fields)
{
    public int Count => fields.Count;

    public string NameAt(int index) => fields[index].Key;

    /// <summary>The place of a field among the cells, or -1.</summary>
    public int IndexOf(string field)
    {
        // By index: a foreach over the list interface would allocate its enumerator at each lookup.
        for (var i = 0; i < fields.Count; i++)
            if (fields[i].Key == field) return i;
        return -1;
    }

    public bool TryGet(string field, out FieldValue value)
    {
        var at = IndexOf(field);
        value = at >= 0 ? new FieldValue(fields[at].Value) : default;
        return at >= 0;
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (field, value) in fields)
        {
            writer.WritePropertyName(field);
            new FieldValue(value).WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
