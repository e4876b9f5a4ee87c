using System.IO.Compression;
using System.Text;

namespace EctLifecycle.Tests.Support;

/// <summary>A zip of CSV files as the hub sends them: each file in UTF-8 without a BOM, lines ending in \n.</summary>
public static class CsvZips
{
    public static byte[] Zip(params (string Name, string Content)[] files)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content.Replace("\r\n", "\n"));
            }
        return buffer.ToArray();
    }
}
