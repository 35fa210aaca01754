#include "model_fingerprint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <algorithm>

namespace {

// SHA-256 of `length` bytes of `file` from `offset`; false if they cannot all be read.
bool hashRange(QFile& file, qint64 offset, qint64 length, QByteArray* digest) {
    if (!file.seek(offset)) return false;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QByteArray bytes = file.read(length);
    if (bytes.size() != length) return false;
    hash.addData(bytes);
    *digest = hash.result();
    return true;
}

}  // namespace

QString computeModelFingerprint(const QString& directory, QString* error) {
    const auto fail = [&](const QString& why) {
        if (error) *error = why;
        return QString();
    };
    const QDir dir(directory);
    QFile config(dir.filePath(QStringLiteral("config.json")));
    if (!config.open(QIODevice::ReadOnly)) return fail(QStringLiteral("cannot read %1: %2").arg(config.fileName(), config.errorString()));
    QCryptographicHash fingerprint(QCryptographicHash::Sha256);
    fingerprint.addData(config.readAll());
    fingerprint.addData(QByteArrayView("\0", 1));

    // Sorted by UTF-8 bytes (not QDir's locale-aware order), so any tool can reproduce it.
    QList<QByteArray> names;
    for (const QString& name : dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files)) names.append(name.toUtf8());
    std::sort(names.begin(), names.end());
    for (const QByteArray& name : names) {
        QFile weights(dir.filePath(QString::fromUtf8(name)));
        if (!weights.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(weights.fileName(), weights.errorString()));
        const qint64 size = weights.size();
        const qint64 edge = std::min(size, kFingerprintEdgeBytes);
        QByteArray head, tail;
        if (!hashRange(weights, 0, edge, &head) || !hashRange(weights, size - edge, edge, &tail))
            return fail(QStringLiteral("cannot read %1: %2").arg(weights.fileName(), weights.errorString()));
        fingerprint.addData(name);
        fingerprint.addData(QByteArrayView("\0", 1));
        fingerprint.addData(QByteArray::number(size));
        fingerprint.addData(QByteArrayView("\0", 1));
        fingerprint.addData(head);
        fingerprint.addData(tail);
    }
    return QStringLiteral("sha256:") + QString::fromLatin1(fingerprint.result().toHex());
}
