<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BriefController</name>
    <message numerus="yes">
        <source>Added %n selling point(s) from the clipboard</source>
        <translation><numerusform>Added %n selling point from the clipboard</numerusform><numerusform>Added %n selling points from the clipboard</numerusform></translation>
    </message>
</context>
</TS>
