using System.Text;

namespace EctLifecycle.Portfolio;

/// <summary>
/// What an import may cost, from the configuration's « Import » section (appsettings.json, or environment variables such
/// as <c>Import__MaxUnzippedMegabytes=500</c>). A zip (a zip of CSV, and an XLSX workbook, which is a zip too) is measured
/// as it is decompressed, whatever its headers declare, and refused at the first limit passed.
/// </summary>
public sealed class ImportLimits
{
    public const string Section = "Import";

    /// <summary>The uploaded file (413 beyond). It is buffered once, on disk, by the form reader.</summary>
    public int MaxUploadMegabytes { get; set; } = 50;

    /// <summary>Every entry of the zip, decompressed. The export of 10,000 projects as a zip of CSV is about 85 MB.</summary>
    public int MaxUnzippedMegabytes { get; set; } = 200;

    /// <summary>Entries in the zip: a workbook has about twenty, a zip of CSV three.</summary>
    public int MaxZipEntries { get; set; } = 100;

    /// <summary>Decompressed bytes per compressed byte read, entry by entry (real files: 5 to 15; a zip bomb: 1,000).</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>The errors an answer lists, the first by sheet and row; their total is always given.</summary>
    public int MaxErrors { get; set; } = 200;

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024;
    public long MaxUnzippedBytes => MaxUnzippedMegabytes * 1024L * 1024;

    /// <summary>A CSV record longer than this is refused (a row's longest legitimate cells come to a few hundred KB).</summary>
    public const int MaxCsvRecordBytes = 1024 * 1024;

    public static readonly ImportLimits Default = new();

    /// <summary>The limits the configuration sets, as one instance (the import's endpoint, page, command and importer share it).</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var limits = new ImportLimits();
        configuration.GetSection(Section).Bind(limits);
        if (limits.MaxUploadMegabytes <= 0 || limits.MaxUnzippedMegabytes <= 0 || limits.MaxZipEntries <= 0
            || limits.MaxCompressionRatio <= 0 || limits.MaxErrors <= 0)
            throw new InvalidOperationException("Chaque limite de la section « Import » (Import__MaxUploadMegabytes, …) doit être un nombre entier positif.");
        services.AddSingleton(limits);
    }
}

/// <summary>How a portfolio file is read: its limits, and the encoding of its CSV files (null: UTF-8, or what their byte order mark says).</summary>
public sealed record PortfolioReading(ImportLimits Limits, Encoding? CsvEncoding = null)
{
    public static readonly PortfolioReading Default = new(ImportLimits.Default);
}
