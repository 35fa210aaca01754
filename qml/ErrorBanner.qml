import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A message that says what went wrong and what to do, until it is dismissed or replaced.
Rectangle {
    id: root

    property string problem
    property string fix
    signal dismissed()

    visible: problem !== ""
    color: "#fff0f0"
    border.color: "#d9480f"
    radius: 4
    implicitHeight: visible ? content.implicitHeight + 16 : 0

    RowLayout {
        id: content
        anchors.fill: parent
        anchors.margins: 8
        spacing: 8

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                objectName: root.objectName + "Problem"
                Layout.fillWidth: true
                text: root.problem
                font.bold: true
                color: "#a61e4d"
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: root.fix
                visible: text !== ""
                color: "#495057"
                wrapMode: Text.Wrap
            }
        }
        ToolButton {
            objectName: root.objectName + "Dismiss"
            text: "\u00d7"
            font.pixelSize: 18
            Accessible.name: qsTr("Dismiss")
            onClicked: root.dismissed()
        }
    }
}
