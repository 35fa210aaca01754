// computeModelFingerprint: the documented definition (config.json, then each weights file's name,
// size and first and last MiB), so it follows every change to the header, the first and last
// tensors and the file set, while reading at most 2 MiB per file.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "model_fingerprint.h"

namespace {

constexpr qint64 kMiB = 1 << 20;

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray randomBytes(qint64 size, quint32 seed) {
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator random(seed);
    for (char& b : bytes) b = static_cast<char>(random.bounded(256));
    return bytes;
}

void flipByte(const QString& path, qint64 offset) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    char b = 0;
    QVERIFY(file.getChar(&b));
    QVERIFY(file.seek(offset));
    QVERIFY(file.putChar(static_cast<char>(b ^ 0x01)));
}

QByteArray sha256(const QByteArray& bytes) { return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256); }

}  // namespace

class TestModelFingerprint : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString weights_;  // 3 MiB, so head, middle and tail are apart

    QString fingerprint() {
        QString error;
        const QString f = computeModelFingerprint(dir_.path(), &error);
        if (f.isEmpty()) qWarning("%s", qPrintable(error));
        return f;
    }

private Q_SLOTS:
    void init() {
        QVERIFY(dir_.isValid());
        for (const QString& name : QDir(dir_.path()).entryList(QDir::Files)) QFile::remove(dir_.filePath(name));
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("config.json")), R"({"format": "adgen-model", "name": "tiny"})"));
        weights_ = dir_.filePath(QStringLiteral("model.safetensors"));
        QVERIFY(writeFile(weights_, randomBytes(3 * kMiB, 1)));
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("tokenizer.json")), "{}"));
    }

    void isSha256TextAndTheSameForTheSameFiles() {
        const QString f = fingerprint();
        QVERIFY2(QRegularExpression(QStringLiteral("^sha256:[0-9a-f]{64}$")).match(f).hasMatch(), qPrintable(f));
        QCOMPARE(fingerprint(), f);
    }

    void followsTheDocumentedDefinition() {
        // A second, smaller-than-a-MiB shard, listed before the first by byte order.
        const QByteArray shard = randomBytes(1000, 2);
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("A-shard.safetensors")), shard));
        QFile config(dir_.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QFile weights(weights_);
        QVERIFY(weights.open(QIODevice::ReadOnly));
        const QByteArray all = weights.readAll();

        QCryptographicHash expected(QCryptographicHash::Sha256);
        expected.addData(config.readAll());
        expected.addData(QByteArray(1, '\0'));
        expected.addData(QByteArray("A-shard.safetensors") + '\0' + "1000" + '\0' + sha256(shard) + sha256(shard));
        expected.addData(QByteArray("model.safetensors") + '\0' + QByteArray::number(3 * kMiB) + '\0' + sha256(all.first(kMiB)) +
                         sha256(all.last(kMiB)));
        QCOMPARE(fingerprint(), QStringLiteral("sha256:") + QString::fromLatin1(expected.result().toHex()));
    }

    void changesWhenAWeightsByteInTheFirstMiBChanges() {
        const QString before = fingerprint();
        flipByte(weights_, kMiB - 1);
        QVERIFY(fingerprint() != before);
    }

    void changesWhenAWeightsByteInTheLastMiBChanges() {
        const QString before = fingerprint();
        flipByte(weights_, 2 * kMiB);
        QVERIFY(fingerprint() != before);
    }

    void doesNotReadTheMiddleOfLargeFiles() {
        // The price of reading 2 MiB, not 14 GB: a change only between head and tail is not seen.
        const QString before = fingerprint();
        flipByte(weights_, kMiB + 100);
        QCOMPARE(fingerprint(), before);
    }

    void changesWithTheConfigAndTheSetOfWeightsFiles() {
        const QString before = fingerprint();
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("config.json")), R"({"format": "adgen-model", "name": "tiny2"})"));
        const QString otherConfig = fingerprint();
        QVERIFY(otherConfig != before);
        QVERIFY(QFile::rename(weights_, dir_.filePath(QStringLiteral("renamed.safetensors"))));
        QVERIFY(fingerprint() != otherConfig);
        const QString renamed = fingerprint();
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("extra.safetensors")), "x"));
        QVERIFY(fingerprint() != renamed);
    }

    void ignoresFilesThatAreNotConfigOrWeights() {
        const QString before = fingerprint();
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("tokenizer.json")), R"({"changed": true})"));
        QVERIFY(writeFile(dir_.filePath(QStringLiteral("README.md")), "notes"));
        QCOMPARE(fingerprint(), before);
    }

    void aDirectoryWithoutConfigHasNone() {
        QTemporaryDir empty;
        QString error;
        QVERIFY(computeModelFingerprint(empty.path(), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestModelFingerprint)
#include "tst_model_fingerprint.moc"
