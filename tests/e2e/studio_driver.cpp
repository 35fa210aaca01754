#include "studio_driver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QThread>

namespace {
constexpr int kStartTimeoutMs = 30000;
constexpr int kReplyTimeoutMs = 20000;
}  // namespace

StudioDriver::StudioDriver()
    : socketName_(QStringLiteral("adgen-e2e-%1-%2").arg(QCoreApplication::applicationPid()).arg(quintptr(this))) {
    process_.setProcessChannelMode(QProcess::MergedChannels);
    dataHome_ = ownDataHome_.path();
}

StudioDriver::~StudioDriver() {
    if (process_.state() != QProcess::NotRunning) {
        process_.kill();
        process_.waitForFinished(5000);
    }
}

bool StudioDriver::start(const QStringList& arguments) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dataHome_ + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dataHome_ + QStringLiteral("/config"));
    process_.setProcessEnvironment(environment);
    process_.start(QStringLiteral(ADGEN_STUDIO_EXE), QStringList{QStringLiteral("--inspector"), socketName_} + arguments);
    if (!process_.waitForStarted(kStartTimeoutMs)) {
        lastError_ = QStringLiteral("adgen-studio did not start: ") + process_.errorString();
        return false;
    }
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (process_.state() == QProcess::NotRunning) {
            lastError_ = QStringLiteral("adgen-studio exited early: ") + studioOutput();
            return false;
        }
        socket_.connectToServer(socketName_);
        if (socket_.waitForConnected(200)) return true;
        QThread::msleep(100);
    }
    lastError_ = QStringLiteral("the studio's inspector did not answer: ") + studioOutput();
    return false;
}

int StudioDriver::quit() {
    request({{"cmd", "quit"}});
    if (!process_.waitForFinished(kStartTimeoutMs)) {
        process_.kill();
        process_.waitForFinished(5000);
        return -1;
    }
    return process_.exitCode();
}

void StudioDriver::kill() {
    socket_.abort();
    process_.kill();
    process_.waitForFinished(10000);
}

bool StudioDriver::stallProbeStart() { return request({{"cmd", "stallProbe"}, {"action", "start"}}).value("ok").toBool(); }

QJsonObject StudioDriver::stallProbeStop() {
    return request({{"cmd", "stallProbe"}, {"action", "stop"}}).value("value").toObject();
}

QString StudioDriver::studioOutput() { return QString::fromLocal8Bit(process_.readAll()); }

QJsonObject StudioDriver::request(const QJsonObject& command) {
    socket_.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
    socket_.flush();
    const QDeadlineTimer deadline(kReplyTimeoutMs);
    while (!socket_.canReadLine()) {
        if (deadline.hasExpired() || socket_.state() != QLocalSocket::ConnectedState) {
            lastError_ = QStringLiteral("no reply to %1: %2")
                             .arg(QString::fromUtf8(QJsonDocument(command).toJson(QJsonDocument::Compact)),
                                  studioOutput());
            return {{"ok", false}, {"error", lastError_}};
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        socket_.waitForReadyRead(20);
    }
    const QJsonObject reply = QJsonDocument::fromJson(socket_.readLine()).object();
    if (!reply.value("ok").toBool()) lastError_ = reply.value("error").toString();
    return reply;
}

QJsonValue StudioDriver::property(const QString& object, const QString& name) {
    return request({{"cmd", "property"}, {"object", object}, {"name", name}}).value("value");
}

bool StudioDriver::setProperty(const QString& object, const QString& name, const QJsonValue& value) {
    return request({{"cmd", "setProperty"}, {"object", object}, {"name", name}, {"value", value}}).value("ok").toBool();
}

bool StudioDriver::isVisible(const QString& object) {
    const QJsonObject reply = request({{"cmd", "find"}, {"object", object}});
    return reply.value("ok").toBool() && reply.value("value").toObject().value("visible").toBool();
}

QRectF StudioDriver::sceneRect(const QString& object) {
    const QJsonObject scene = request({{"cmd", "find"}, {"object", object}}).value("value").toObject().value("scene").toObject();
    return QRectF(scene.value("x").toDouble(), scene.value("y").toDouble(), scene.value("width").toDouble(),
                  scene.value("height").toDouble());
}

bool StudioDriver::click(const QString& object) {
    return request({{"cmd", "click"}, {"object", object}}).value("ok").toBool();
}

bool StudioDriver::type(const QString& object, const QString& text) {
    return request({{"cmd", "type"}, {"object", object}, {"text", text}}).value("ok").toBool();
}

bool StudioDriver::key(const QString& sequence) {
    return request({{"cmd", "key"}, {"key", sequence}}).value("ok").toBool();
}

QJsonValue StudioDriver::invoke(const QString& object, const QString& method, const QJsonArray& args) {
    return request({{"cmd", "invoke"}, {"object", object}, {"method", method}, {"args", args}}).value("value");
}

bool StudioDriver::screenshot(const QString& path) {
    return request({{"cmd", "screenshot"}, {"path", path}}).value("ok").toBool();
}

bool StudioDriver::setClipboard(const QString& text) {
    return request({{"cmd", "setClipboard"}, {"text", text}}).value("ok").toBool();
}

bool StudioDriver::dropFiles(const QString& object, const QStringList& files) {
    return request({{"cmd", "drop"}, {"object", object}, {"files", QJsonArray::fromStringList(files)}})
        .value("ok").toBool();
}

bool StudioDriver::clickText(const QString& text) {
    return request({{"cmd", "clickText"}, {"text", text}}).value("ok").toBool();
}
