using System.Globalization;
using System.Text.Json;

namespace EctLifecycle.Http;

/// <summary>
/// Reads typed fields out of a JSON object (or a spreadsheet row's cells, <see cref="FieldCells"/>), collecting a French
/// message per bad field (named by its JSON path) instead of failing on the first one. Fields nobody asked for are
/// reported as unknown. Made on <see cref="FieldShapes"/> instead, it reads nothing and records each field asked for: the
/// API's description of a body (<c>Http/OpenApi</c>, which reads this folder, never the reverse) is the reading itself.
/// </summary>
public sealed class FieldReader
{
    private readonly JsonElement _root;
    private readonly FieldCells? _cells;
    private readonly string _prefix;
    private readonly FieldShapes? _shapes;

    public FieldReader(JsonElement root, string prefix = "")
    {
        _root = root;
        _prefix = prefix;
    }

    public FieldReader(FieldCells cells, string prefix = "")
    {
        _cells = cells;
        _prefix = prefix;
    }

    /// <summary>
    /// A reader of no body that records the shape of every field read (each read finds its field missing). Reading a body,
    /// no shape is made: an import reads hundreds of thousands of rows through here.
    /// </summary>
    public FieldReader(FieldShapes shapes)
    {
        _shapes = shapes;
        _prefix = "";
    }

    public static readonly DateOnly Earliest = new(1990, 1, 1);
    public const int MaxText = 4000;

    // The fields asked for: a handful per object, so a list searched in order costs less than a set. Reading cells, the
    // ones asked for are marked among them instead (one bit per cell; a row has fewer than 64): nothing allocated.
    private List<string>? _read;
    private ulong _readCells;
    private Dictionary<string, string[]>? _errors;
    public Dictionary<string, string[]> Errors => _errors ??= [];
    public bool Ok => _errors is null || _errors.Count == 0;

    public void Error(string field, string message)
    {
        var key = _prefix + field;
        Errors[key] = Errors.TryGetValue(key, out var existing) ? [.. existing, message] : [message];
    }

    /// <summary>
    /// The errors of the texts the body's reading refused (<see cref="JsonBody.Read.TextErrors"/>), in place of whatever this
    /// reader said of those fields' values (it read them mended), but for a field it does not know, which it says first:
    /// called after every field is read, before <see cref="Ok"/> decides.
    /// </summary>
    public void Override(IReadOnlyDictionary<string, string[]>? textErrors)
    {
        if (textErrors is null) return;
        foreach (var (field, messages) in textErrors)
            Errors[field] = [.. (Errors.GetValueOrDefault(field) ?? []).Where(m => m == Unknown), .. messages];
    }

    private FieldValue? Get(string field)
    {
        MarkRead(field);
        return Find(field);
    }

    private FieldValue? Find(string field)
    {
        if (_shapes is not null) return null;
        if (_cells is not null) return _cells.TryGet(field, out var cell) && cell.Kind != JsonValueKind.Null ? cell : null;
        return _root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? new FieldValue(v) : null;
    }

    /// <summary>Whether the field is given; describing, it is said given, so that what the code reads then is described.</summary>
    public bool Has(string field)
    {
        if (_shapes is null) return Find(field) is not null;
        _shapes.Probe(field);
        return true;
    }

    /// <summary>
    /// A text read by <see cref="TypedText"/>'s rules: trimmed, composed, no control characters; texts of
    /// <see cref="MaxText"/> characters (reasons, notes, summaries) are the long ones, where line breaks and tabs are kept.
    /// </summary>
    public string? String(string field, bool required, int max = 200)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Text, required) { MaxLength = max });
        var v = Get(field);
        if (v is null)
        {
            if (required) Error(field, "champ obligatoire");
            return null;
        }
        if (v.Value.Kind != JsonValueKind.String) { Error(field, "doit être un texte"); return null; }
        var raw = v.Value.GetString()!;
        var s = TypedText.Read(raw, multiline: max >= MaxText, out var problem);
        if (s is null) { Error(field, problem!); return null; }
        if (s.Length == 0)
        {
            if (required) Error(field, raw.Trim().Length == 0 ? "ne peut pas être vide" : "ne peut pas être vide : il ne contient que des caractères invisibles");
            return null;
        }
        if (s.Length > max) { Error(field, $"{max} caractères au plus"); return null; }
        return s;
    }

    public string RequiredString(string field, int max = 200) => String(field, true, max) ?? "";

    public bool Bool(string field, bool required = true, bool fallback = false)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Boolean, required));
        var v = Get(field);
        if (v is null) { if (required) Error(field, $"champ obligatoire : oui ou non{ListLabels.ApiNames}true ou false)"); return fallback; }
        if (v.Value.Kind is JsonValueKind.True or JsonValueKind.False) return v.Value.GetBoolean();
        Error(field, $"doit valoir oui ou non{ListLabels.ApiNames}true ou false)");
        return fallback;
    }

    public TEnum? Enum<TEnum>(string field, bool required = true) where TEnum : struct, Enum
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Choice, required) { Values = Vocabulary.WireNames<TEnum>(), ValuesOf = typeof(TEnum) });
        var v = Get(field);
        if (v is null) { if (required) Error(field, $"champ obligatoire, parmi : {ListLabels.Allowed<TEnum>()}"); return null; }
        var text = v.Value.Kind == JsonValueKind.String ? v.Value.GetString() : null;
        if (Vocabulary.TryParseWire<TEnum>(text, out var value)) return value;
        Error(field, $"valeur inconnue « {text ?? v.Value.GetRawText()} », attendu parmi : {ListLabels.Allowed<TEnum>()}");
        return null;
    }

    /// <summary>A business date: YYYY-MM-DD, not before 1990 and not after today.</summary>
    public DateOnly? Date(string field, DateOnly today, bool required = true)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Date, required));
        var v = Get(field);
        if (v is null) { if (required) Error(field, "date obligatoire"); return null; }
        if (v.Value.Kind != JsonValueKind.String
            || !(v.Value.IsDate(out var d) || DateText.TryParseIso(v.Value.GetString(), out d)))
        {
            var text = v.Value.Kind == JsonValueKind.String ? v.Value.GetString() : null;
            Error(field, DateText.IsoProblem(text, "date invalide, attendu le format AAAA-MM-JJ (par exemple 2021-03-15)"));
            return null;
        }
        if (d < Earliest) { Error(field, $"la date ne peut pas précéder le {Earliest:dd/MM/yyyy}"); return null; }
        if (d > today) { Error(field, $"la date ne peut pas être dans le futur (aujourd'hui : {today:dd/MM/yyyy})"); return null; }
        return d;
    }

    /// <summary>
    /// An amount in euros: a JSON number, or a text as people type it (<see cref="AmountText"/>: what the web forms
    /// send); not negative, at most <see cref="AmountText.MaxEuros"/>, cents at most. Stored without trailing zeros, so
    /// that 15000, 15000.00 and "15 000,00" are the same amount.
    /// </summary>
    public decimal? Amount(string field, bool required = true)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Amount, required) { Minimum = 0 });
        var v = Get(field);
        if (v is null) { if (required) Error(field, "montant obligatoire"); return null; }
        if (Number(field, v.Value) is not { } d) return null;
        if (d < 0) { Error(field, "ne peut pas être négatif"); return null; }
        if (d > AmountText.MaxEuros) { Error(field, $"au plus {AmountText.Format(AmountText.MaxEuros)} € : vérifiez le montant (un zéro de trop ?)"); return null; }
        if (decimal.Round(d, 2) != d) { Error(field, "au plus deux chiffres après la virgule (les centimes)"); return null; }
        return decimal.Parse(d.ToString("0.##", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A quantity that is not money (jobs in FTE, tonnes…): a JSON number or a text as people type it (« 2,5 », « 1 200,75 »),
    /// read by the same parser as <see cref="Amount"/>; not negative, at most <paramref name="max"/> (more reads as a typo),
    /// two decimals at most. Null when not given.
    /// </summary>
    public decimal? Quantity(string field, decimal max)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Decimal, false) { Minimum = 0, Maximum = max });
        var v = Get(field);
        if (v is null) return null;
        if (Number(field, v.Value, AmountText.Kind.Quantity) is not { } d) return null;
        if (d < 0) { Error(field, "ne peut pas être négatif"); return null; }
        if (d > max) { Error(field, $"au plus {AmountText.Format(max)} : vérifiez la valeur (un zéro de trop ?)"); return null; }
        if (decimal.Round(d, 2) != d) { Error(field, "au plus deux chiffres après la virgule"); return null; }
        return decimal.Parse(d.ToString("0.##", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A whole number: a JSON number written without a fractional part, or a text as people type it.</summary>
    public long? Long(string field, long min, bool required = true)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Integer, required) { Minimum = min });
        var v = Get(field);
        if (v is null) { if (required) Error(field, "champ obligatoire"); return null; }
        long n;
        if (v.Value.Kind == JsonValueKind.String)
        {
            if (Number(field, v.Value, AmountText.Kind.Whole) is not { } d) return null;
            if (d != decimal.Truncate(d) || d > long.MaxValue) { Error(field, $"doit être un nombre entier : {AmountText.HowTo(AmountText.Kind.Whole)}"); return null; }
            n = (long)d;
        }
        else if (v.Value.Kind != JsonValueKind.Number || !v.Value.TryGetInt64(out n)) { Error(field, "doit être un nombre entier"); return null; }
        if (n < min) { Error(field, $"doit valoir au moins {min}"); return null; }
        return n;
    }

    private decimal? Number(string field, FieldValue v, AmountText.Kind kind = AmountText.Kind.Amount)
    {
        if (v.Kind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
        if (v.Kind != JsonValueKind.String) { Error(field, "doit être un nombre"); return null; }
        if (AmountText.TryParse(v.GetString(), out d, out var problem, kind)) return d;
        Error(field, problem);
        return null;
    }

    public Guid? Guid(string field)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.Identifier, true));
        var v = Get(field);
        if (v is null) { Error(field, "identifiant obligatoire"); return null; }
        if (v.Value.Kind == JsonValueKind.String && System.Guid.TryParse(v.Value.GetString(), out var g)) return g;
        Error(field, "identifiant invalide (un GUID est attendu)");
        return null;
    }

    /// <param name="itemsOf">the list of the items' allowed values, when the caller checks them itself (the description only)</param>
    public IReadOnlyList<string>? StringList(string field, bool required, int max = 200, Type? itemsOf = null)
    {
        if (_shapes is not null) _shapes.Add(new FieldShape(field, ShapeKind.TextList, required)
            { MaxLength = max, Values = itemsOf is null ? null : Vocabulary.WireNames(itemsOf), ValuesOf = itemsOf });
        var v = Get(field);
        if (v is null) { if (required) Error(field, "liste obligatoire"); return null; }
        if (v.Value.Kind != JsonValueKind.Array) { Error(field, "doit être une liste de textes"); return null; }
        var items = new List<string>();
        foreach (var (item, i) in v.Value.EnumerateArray().Select((x, i) => (x, i)))
        {
            string? problem = null;
            var text = item.Kind == JsonValueKind.String ? TypedText.Read(item.GetString(), multiline: false, out problem) : null;
            if (item.Kind == JsonValueKind.String && text is null) Error($"{field}[{i}]", problem!);
            else if (string.IsNullOrEmpty(text)) Error($"{field}[{i}]", "doit être un texte non vide");
            else if (text.Length > max) Error($"{field}[{i}]", $"{max} caractères au plus");
            else items.Add(text);
        }
        return items;
    }

    /// <summary>Each element of an array of objects, read by its own reader whose errors are merged here.</summary>
    public IReadOnlyList<T> Objects<T>(string field, Func<FieldReader, T> read, int minCount = 1)
    {
        if (_shapes is not null)
        {
            var items = new FieldShapes();
            var inner = new FieldReader(items);
            read(inner);
            inner.RejectUnknown();
            _shapes.Add(new FieldShape(field, ShapeKind.Objects, true) { Minimum = minCount, Items = items });
            return [];
        }
        var v = Get(field);
        if (v is null || v.Value.Kind != JsonValueKind.Array)
        {
            Error(field, v is null ? "liste obligatoire" : "doit être une liste d'objets");
            return [];
        }
        var result = new List<T>();
        var i = 0;
        foreach (var item in v.Value.EnumerateArray())
        {
            var path = $"{_prefix}{field}[{i++}].";
            if (item.Kind != JsonValueKind.Object) { Error(path.TrimEnd('.'), "doit être un objet"); continue; }
            var inner = item.Reader(path);
            var value = read(inner);
            inner.RejectUnknown();
            foreach (var (k, msgs) in inner.Errors) Errors[k] = msgs;
            result.Add(value);
        }
        if (i < minCount) Error(field, $"au moins {minCount} élément(s)");
        return result;
    }

    /// <summary>Reports every field of the object that no read asked for.</summary>
    public void RejectUnknown()
    {
        if (_shapes is not null) { _shapes.Closed = true; return; }
        if (_cells is not null)
        {
            for (var i = 0; i < _cells.Count; i++)
                if (!CellRead(i)) Error(_cells.NameAt(i), Unknown);
            return;
        }
        foreach (var p in _root.EnumerateObject())
            if (!WasRead(p)) Error(p.Name, Unknown);
    }

    private const string Unknown = "champ inconnu pour ce type de jalon";

    public void Ignore(params string[] fields)
    {
        foreach (var field in fields) MarkRead(field);
    }

    private void MarkRead(string field)
    {
        if (_cells is { Count: <= 64 })
        {
            if (_cells.IndexOf(field) is var at and >= 0) _readCells |= 1UL << at;
            return;
        }
        _read ??= new List<string>(8);
        if (!_read.Contains(field)) _read.Add(field);
    }

    private bool CellRead(int index) =>
        _cells!.Count <= 64 ? (_readCells & (1UL << index)) != 0 : _read?.Contains(_cells.NameAt(index)) == true;

    // Compared on the JSON's own bytes: no copy of each property's name.
    private bool WasRead(JsonProperty property)
    {
        if (_read is null) return false;
        foreach (var field in _read)
            if (property.NameEquals(field)) return true;
        return false;
    }
}
