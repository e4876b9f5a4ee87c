using System.Buffers;
using System.IO.Compression;

namespace EctLifecycle.Portfolio;

/// <summary>
/// Refuses a zip bomb before anything is parsed: every entry is decompressed into a small buffer that is thrown away,
/// counting the bytes that come out (not the sizes its headers declare) against the total allowed and against the
/// compressed bytes actually read for the entry. The check costs a decompression of the file, about 50 ms for the
/// 83 MB of a 10,000-project export; the app's memory does not grow with the file.
/// </summary>
public static class ZipGuard
{
    // Below this, an entry's ratio is not judged: a few highly repetitive kilobytes are harmless.
    private const long RatioGrace = 1024 * 1024;

    /// <summary>Opens <paramref name="file"/> (seekable) as a zip within the limits, or throws <see cref="PortfolioFileException"/>.</summary>
    public static ZipArchive Open(Stream file, string fileName, ImportLimits limits)
    {
        var entries = ZipDirectory.CountEntries(file, limits.MaxZipEntries) ?? throw new PortfolioFileException(NotAZip(file, fileName));
        if (entries > limits.MaxZipEntries)
            throw new PortfolioFileException($"« {fileName} » contient plus de {limits.MaxZipEntries} fichiers (limite Import:MaxZipEntries) : " +
                "refusé sans rien importer");
        var counted = new CountedStream(file);
        ZipArchive zip;
        try { zip = new ZipArchive(counted, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException) { throw new PortfolioFileException($"« {fileName} » est une archive zip abîmée ou tronquée : rien n'a été importé"); }
        try
        {
            Measure(zip, counted, fileName, limits);
            return zip;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static void Measure(ZipArchive zip, CountedStream archive, string fileName, ImportLimits limits)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            foreach (var entry in zip.Entries)
            {
                var readBefore = archive.BytesRead;
                long output = 0;
                using var content = entry.Open();
                int n;
                while ((n = content.Read(buffer)) > 0)
                {
                    output += n;
                    total += n;
                    if (total > limits.MaxUnzippedBytes)
                        throw new PortfolioFileException($"« {fileName} » dépasse {limits.MaxUnzippedMegabytes} Mo une fois décompressé " +
                            "(limite Import:MaxUnzippedMegabytes) : refusé sans rien importer");
                    if (output > RatioGrace && output > Math.Max(1, archive.BytesRead - readBefore) * limits.MaxCompressionRatio)
                        throw new PortfolioFileException($"« {entry.FullName} » se décompresse plus de {limits.MaxCompressionRatio} fois " +
                            "(limite Import:MaxCompressionRatio), comme une bombe de décompression : refusé sans rien importer");
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new PortfolioFileException($"« {fileName} » est une archive zip abîmée ou tronquée (un fichier ne se décompresse pas) : rien n'a été importé");
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private static string NotAZip(Stream file, string fileName)
    {
        Span<byte> head = stackalloc byte[4];
        file.Position = 0;
        var zipStart = file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
        file.Position = 0;
        return zipStart
            ? $"« {fileName} » est une archive zip tronquée ou abîmée (sa fin manque) : rien n'a été importé"
            : $"« {fileName} » n'est ni un classeur XLSX ni un zip de fichiers CSV (projects.csv, milestones.csv, assessments.csv)";
    }
}

/// <summary>A file refused as a whole (too big, a zip bomb, corrupt, an encoding that cannot be read), with a French message.</summary>
public sealed class PortfolioFileException(string message) : Exception(message);
