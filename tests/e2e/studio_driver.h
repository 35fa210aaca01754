#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocalSocket>
#include <QProcess>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Starts the real adgen-studio with --inspector and drives it over the inspector socket, the way
// a person would: find items by objectName, click, type, press keys, read properties, take
// screenshots. Failures are reported with the studio's own error text.
class StudioDriver {
public:
    StudioDriver();
    ~StudioDriver();

    // Starts the studio with `arguments` and waits until its inspector answers.
    bool start(const QStringList& arguments);
    // Asks the studio to quit and waits for it to exit; returns its exit code.
    int quit();
    // Ends the studio with SIGKILL, as a crash or a killed process would, and waits for it.
    void kill();
    // The studio keeps its data (profile library, history, settings) under this folder: a fresh
    // temporary one per driver, so tests never touch the user's data. A driver for a restarted
    // studio is given the previous one's folder.
    QString dataHome() const { return dataHome_; }
    void setDataHome(const QString& folder) { dataHome_ = folder; }
    // The UI thread's longest stall (ms) between stallProbeStart() and stallProbeStop().
    bool stallProbeStart();
    QJsonObject stallProbeStop();
    QString lastError() const { return lastError_; }
    QString studioOutput();

    QJsonValue property(const QString& object, const QString& name);
    QString text(const QString& object) { return property(object, QStringLiteral("text")).toString(); }
    bool setProperty(const QString& object, const QString& name, const QJsonValue& value);
    bool isVisible(const QString& object);
    // The item's rectangle in window coordinates (as in a screenshot); empty if not found.
    QRectF sceneRect(const QString& object);
    bool click(const QString& object);
    bool clickText(const QString& text);
    bool type(const QString& object, const QString& text);
    bool key(const QString& sequence);
    QJsonValue invoke(const QString& object, const QString& method, const QJsonArray& args = {});
    bool screenshot(const QString& path);
    bool setClipboard(const QString& text);
    bool dropFiles(const QString& object, const QStringList& files);

private:
    // Sends one command and waits for its reply, processing this process's events meanwhile
    // (the studio may need us, e.g. to hand over clipboard contents we own).
    QJsonObject request(const QJsonObject& command);

    QProcess process_;
    QLocalSocket socket_;
    QString socketName_;
    QTemporaryDir ownDataHome_;
    QString dataHome_;
    QString lastError_;
};
