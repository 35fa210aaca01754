#include "inspector_server.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeySequence>
#include <QLocalServer>
#include <QLocalSocket>
#include <QMimeData>
#include <QUrl>
#include <QDropEvent>
#include <QMetaMethod>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRect>
#include <QSet>
#include <QTest>
#include <QTimer>

#include <array>

namespace {

QJsonObject ok(const QJsonValue& value = {}) { return {{"ok", true}, {"value", value}}; }
QJsonObject failure(const QString& message) { return {{"ok", false}, {"error", message}}; }

// JSON for the property types the studio exposes; anything else as its string form.
QJsonValue toJson(const QVariant& value) {
    switch (value.metaType().id()) {
        case QMetaType::QRect: {
            const QRect r = value.toRect();
            return QJsonObject{{"x", r.x()}, {"y", r.y()}, {"width", r.width()}, {"height", r.height()}};
        }
        case QMetaType::QImage: {
            const QImage image = value.value<QImage>();
            return QJsonObject{{"width", image.width()}, {"height", image.height()}, {"null", image.isNull()}};
        }
        case QMetaType::QRectF: {
            const QRectF r = value.toRectF();
            return QJsonObject{{"x", r.x()}, {"y", r.y()}, {"width", r.width()}, {"height", r.height()}};
        }
        case QMetaType::QUrl: return value.toUrl().toString();
        default: break;
    }
    const QJsonValue json = QJsonValue::fromVariant(value);
    if (json.isNull() && value.isValid() && value.canConvert<QString>()) return value.toString();
    return json;
}

// The first visible item whose `text` is `text`, front-most (popups, dialogs) first.
QQuickItem* findVisibleText(QQuickItem* item, const QString& text) {
    if (!item->isVisible()) return nullptr;
    const QList<QQuickItem*> children = item->childItems();
    for (auto it = children.crbegin(); it != children.crend(); ++it) {
        if (QQuickItem* found = findVisibleText(*it, text)) return found;
    }
    const QVariant value = item->property("text");
    return value.isValid() && value.toString() == text && item->isEnabled() ? item : nullptr;
}

void clickAt(QQuickWindow* window, QQuickItem* item) {
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
}

void collect(QObject* object, const QString& name, QSet<QObject*>& seen, QObject*& found) {
    if (found || !object || seen.contains(object)) return;
    seen.insert(object);
    if (object->objectName() == name) {
        found = object;
        return;
    }
    // Delegates are visual children without a QObject parent, so walk both trees.
    if (auto* item = qobject_cast<QQuickItem*>(object)) {
        for (QQuickItem* child : item->childItems()) collect(child, name, seen, found);
    }
    for (QObject* child : object->children()) collect(child, name, seen, found);
}

// Calls a method (C++ Q_INVOKABLE or QML function) with JSON arguments converted to the
// parameter types the method declares.
QJsonObject invoke(QObject* target, const QString& methodName, const QJsonArray& jsonArgs) {
    const QMetaObject* meta = target->metaObject();
    for (int i = 0; i < meta->methodCount(); ++i) {
        const QMetaMethod method = meta->method(i);
        if (QString::fromLatin1(method.name()) != methodName || method.parameterCount() != jsonArgs.size()) continue;
        if (jsonArgs.size() > 4) return failure(QStringLiteral("at most 4 arguments are supported"));
        std::array<QVariant, 4> values;
        std::array<QGenericArgument, 4> args;
        for (int p = 0; p < jsonArgs.size(); ++p) {
            const QMetaType type = method.parameterMetaType(p);
            values[p] = jsonArgs[p].toVariant();
            if (type.id() == QMetaType::QVariant) {
                args[p] = QGenericArgument("QVariant", &values[p]);
            } else {
                if (!values[p].convert(type)) {
                    return failure(QStringLiteral("argument %1 of %2 cannot become %3")
                                       .arg(p + 1).arg(methodName, QString::fromLatin1(type.name())));
                }
                args[p] = QGenericArgument(type.name(), values[p].data());
            }
        }
        QVariant result;
        QGenericReturnArgument returnArg;
        if (method.returnMetaType().id() == QMetaType::QVariant) {
            returnArg = QGenericReturnArgument("QVariant", &result);
        } else if (method.returnMetaType().id() != QMetaType::Void) {
            result = QVariant(method.returnMetaType());
            returnArg = QGenericReturnArgument(method.typeName(), result.data());
        }
        if (!method.invoke(target, Qt::DirectConnection, returnArg, args[0], args[1], args[2], args[3])) {
            return failure(QStringLiteral("calling %1 failed").arg(methodName));
        }
        return ok(toJson(result));
    }
    return failure(QStringLiteral("%1 has no method %2 taking %3 argument(s)")
                       .arg(target->objectName(), methodName).arg(jsonArgs.size()));
}

// Real key presses, one per character; characters outside ASCII (Chinese text) arrive as key
// events that carry only their text, as an input method delivers them.
void typeText(QWindow* window, const QString& text) {
    for (const QChar c : text) {
        if (c.unicode() < 128 && c.isPrint()) {
            QTest::keyClick(window, char(c.unicode()));
        } else {
            QTest::sendKeyEvent(QTest::Click, window, Qt::Key_unknown, QString(c), Qt::NoModifier);
        }
    }
}

// Window shortcuts only fire in the active window. Under a bare X server (no window manager)
// nothing activates the window, so do what a click on its title bar would.
void ensureActive(QQuickWindow* window) {
    if (window->isActive()) return;
    window->requestActivate();
    (void)QTest::qWaitForWindowActive(window, 2000);
}

// The event sequence a file manager's drag produces over the window: enter, move, drop.
void dropFiles(QQuickWindow* window, const QPoint& position, const QList<QUrl>& urls) {
    QMimeData mime;
    mime.setUrls(urls);
    QDragEnterEvent enter(position, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &enter);
    QDragMoveEvent move(position, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &move);
    QDropEvent drop(position, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &drop);
}

}  // namespace

InspectorServer::InspectorServer(QQuickWindow* window, QObject* parent)
    : QObject(parent), server_(new QLocalServer(this)), window_(window) {
    connect(server_, &QLocalServer::newConnection, this, &InspectorServer::onConnection);
}

InspectorServer::~InspectorServer() = default;

bool InspectorServer::listen(const QString& name) {
    QLocalServer::removeServer(name);  // a stale socket file from a killed run
    // Only this user may connect: the inspector can call any method of the studio.
    server_->setSocketOptions(QLocalServer::UserAccessOption);
    return server_->listen(name);
}

QString InspectorServer::errorString() const { return server_->errorString(); }

void InspectorServer::addObject(QObject* object) { objects_.append(object); }

void InspectorServer::onConnection() {
    while (QLocalSocket* socket = server_->nextPendingConnection()) {
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void InspectorServer::onReadyRead(QLocalSocket* socket) {
    while (socket->canReadLine()) {
        const QByteArray line = socket->readLine();
        QJsonParseError parseError;
        const QJsonDocument request = QJsonDocument::fromJson(line, &parseError);
        const QJsonObject reply = request.isObject() ? handle(request.object())
                                                     : failure(QStringLiteral("not a JSON object: ") + parseError.errorString());
        socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
        socket->flush();
    }
}

QObject* InspectorServer::findObject(const QString& name) const {
    for (const QPointer<QObject>& object : objects_) {
        if (object && object->objectName() == name) return object;
    }
    QObject* found = nullptr;
    QSet<QObject*> seen;
    if (window_) {
        collect(window_->contentItem(), name, seen, found);
        if (!found) collect(window_, name, seen, found);
    }
    return found;
}

QJsonObject InspectorServer::handle(const QJsonObject& request) {
    const QString command = request.value("cmd").toString();
    if (!window_) return failure(QStringLiteral("the window is gone"));

    if (command == QLatin1String("quit")) {
        // exit(), not quit(): quit() asks the windows first, and a window with unsaved changes
        // would answer with a dialog. A test that wants the dialog clicks the window's close.
        QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
        return ok();
    }
    if (command == QLatin1String("screenshot")) {
        const QString path = request.value("path").toString();
        const QImage image = window_->grabWindow();
        if (image.isNull() || !image.save(path)) return failure(QStringLiteral("cannot save a screenshot to ") + path);
        return ok(QJsonObject{{"width", image.width()}, {"height", image.height()}});
    }
    if (command == QLatin1String("stallProbe")) {
        const QString action = request.value("action").toString();
        if (action == QLatin1String("start")) {
            stallProbe_.start();
            return ok();
        }
        if (action != QLatin1String("stop")) return failure(QStringLiteral("stallProbe takes action start or stop"));
        stallProbe_.stop();
        return ok(QJsonObject{{"longest_ms", stallProbe_.longestStallMs()},
                              {"over_16ms", stallProbe_.stallsOver16ms()},
                              {"over_50ms", stallProbe_.stallsOver50ms()},
                              {"ticks", stallProbe_.ticks()}});
    }
    if (command == QLatin1String("setClipboard")) {
        // Set inside the studio: X selection transfer between two processes under a bare X
        // server is timing-dependent, and it is the X server's behaviour, not ours.
        QGuiApplication::clipboard()->setText(request.value("text").toString());
        return ok();
    }
    if (command == QLatin1String("key")) {
        ensureActive(window_.data());
        const QKeySequence sequence(request.value("key").toString());
        if (sequence.isEmpty()) return failure(QStringLiteral("not a key sequence"));
        const QKeyCombination combination = sequence[0];
        QTest::keyClick(window_.data(), combination.key(), combination.keyboardModifiers());
        return ok();
    }

    if (command == QLatin1String("clickText")) {
        const QString text = request.value("text").toString();
        QQuickItem* target = findVisibleText(window_->contentItem(), text);
        if (!target) return failure(QStringLiteral("no visible, enabled item shows the text ") + text);
        clickAt(window_.data(), target);
        return ok();
    }

    const QString name = request.value("object").toString();
    QObject* object = findObject(name);
    if (!object) return failure(QStringLiteral("no object named ") + name);
    auto* item = qobject_cast<QQuickItem*>(object);

    if (command == QLatin1String("find")) {
        QJsonObject found{{"visible", item ? item->isVisible() : true}, {"enabled", item ? item->isEnabled() : true}};
        if (item) {
            // Where the item is in the window, so a test can look at its pixels in a screenshot.
            const QRectF scene = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
            found.insert("scene", QJsonObject{{"x", scene.x()}, {"y", scene.y()},
                                              {"width", scene.width()}, {"height", scene.height()}});
        }
        return ok(found);
    }
    if (command == QLatin1String("property")) {
        const QByteArray property = request.value("name").toString().toUtf8();
        if (object->metaObject()->indexOfProperty(property) < 0) {
            return failure(QStringLiteral("%1 has no property %2").arg(name, QString::fromUtf8(property)));
        }
        return ok(toJson(object->property(property)));
    }
    if (command == QLatin1String("setProperty")) {
        const QByteArray property = request.value("name").toString().toUtf8();
        if (!object->setProperty(property, request.value("value").toVariant())) {
            return failure(QStringLiteral("cannot set %1.%2").arg(name, QString::fromUtf8(property)));
        }
        return ok();
    }
    if (command == QLatin1String("invoke")) {
        return invoke(object, request.value("method").toString(), request.value("args").toArray());
    }
    if (command == QLatin1String("drop")) {
        if (!item) return failure(name + QStringLiteral(" is not a visual item"));
        QList<QUrl> urls;
        for (const QJsonValue& file : request.value("files").toArray()) urls.append(QUrl::fromLocalFile(file.toString()));
        dropFiles(window_.data(), item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint(), urls);
        return ok();
    }
    if (command == QLatin1String("click") || command == QLatin1String("type")) {
        if (!item) return failure(name + QStringLiteral(" is not a visual item"));
        if (!item->isVisible() || !item->isEnabled()) return failure(name + QStringLiteral(" is hidden or disabled"));
        if (command == QLatin1String("click")) {
            clickAt(window_.data(), item);
        } else {
            ensureActive(window_.data());
            item->forceActiveFocus(Qt::OtherFocusReason);
            typeText(window_.data(), request.value("text").toString());
        }
        return ok();
    }
    return failure(QStringLiteral("unknown command ") + command);
}
